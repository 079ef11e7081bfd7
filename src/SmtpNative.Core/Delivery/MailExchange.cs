namespace SmtpNative.Core.Delivery;

/// <summary>One mail exchanger of a domain: its host name and MX preference (lower = more preferred).</summary>
public readonly record struct MailExchange(string Host, int Preference);
