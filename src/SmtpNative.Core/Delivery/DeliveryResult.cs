namespace SmtpNative.Core.Delivery;

/// <summary>What happened to one recipient of a direct delivery (<c>SMTP_DELIVERY_*</c>).</summary>
public enum DeliveryStatus
{
    /// <summary>A mail exchanger accepted the message for this recipient.</summary>
    Delivered = 1,
    /// <summary>Failed permanently: a 5xx reply, a null MX, no such domain or an invalid address. Do not retry.</summary>
    Rejected = 2,
    /// <summary>Failed temporarily: every exchanger refused the connection, answered 4xx, or DNS failed. Retry later.</summary>
    Deferred = 3,
}

/// <summary>
/// The outcome for one recipient: the status, the server that gave the final answer (empty when
/// none was reached), its reply code (0 when there was no reply) and text (or the reason when there
/// was no reply), and the library error code that corresponds (0 when delivered).
/// </summary>
public sealed record DeliveryResult(string Recipient, DeliveryStatus Status, string Server, int Code, string Text, SmtpError Error);
