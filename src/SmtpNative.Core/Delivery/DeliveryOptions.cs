namespace SmtpNative.Core.Delivery;

/// <summary>How <see cref="DirectDelivery"/> connects.</summary>
/// <param name="Port">Port of every exchanger (or of the relay); 0 = 25. Tests and non-root setups override it.</param>
/// <param name="Relay">When set, every recipient goes through this one host (one connection) and DNS is not asked.</param>
/// <param name="TimeoutSeconds">Each network wait; 0 = the session default.</param>
/// <param name="ConnectOptions">SMTP_OPTION_* for each connection (e.g. opportunistic TLS).</param>
/// <param name="LocalName">EHLO name; null = this machine's.</param>
public sealed record DeliveryOptions(int Port = 0, string? Relay = null, int TimeoutSeconds = 0,
    SmtpOptions ConnectOptions = SmtpOptions.None, string? LocalName = null);
