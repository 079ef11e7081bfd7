using System.Security.Authentication;

namespace SmtpNative.Core.Transport;

/// <summary>What a TLS handshake negotiated and who the server proved to be (SmtpGetSecurityInformation).</summary>
public sealed record SecurityInformation(
    SslProtocols Protocol,
    string CipherSuite,
    string CertificateSubject,
    string CertificateIssuer,
    string CertificateFingerprint,
    DateTime CertificateNotBefore,
    DateTime CertificateNotAfter,
    CertificateStatus CertificateStatus);

/// <summary>
/// The outcome of validating the server certificate (<c>SMTP_CERT_*</c>, combined with OR). Anything but
/// <see cref="Valid"/> means the connection exists only because SMTP_OPTION_TRUSTEDSITE was given.
/// </summary>
[Flags]
public enum CertificateStatus : uint
{
    /// <summary>The certificate chains to a trusted root, is in its validity period and names the host.</summary>
    Valid = 0,
    /// <summary>The server sent no certificate.</summary>
    NotAvailable = 0x1,
    /// <summary>The certificate is not for the host name or address that was connected to.</summary>
    NameMismatch = 0x2,
    /// <summary>The chain is broken: untrusted root, unknown issuer, expired or not yet valid.</summary>
    ChainErrors = 0x4,
}

/// <summary>The TLS version of a connection (<c>SECURITY_PROTOCOL_*</c>, SECURITYINFO.dwProtocol).</summary>
[Flags]
public enum SecurityProtocol : uint
{
    /// <summary>The connection is not encrypted.</summary>
    None = 0,
    /// <summary>TLS 1.0 (only when the system allows it).</summary>
    Tls10 = 0x10,
    /// <summary>TLS 1.1 (only when the system allows it).</summary>
    Tls11 = 0x20,
    /// <summary>TLS 1.2.</summary>
    Tls12 = 0x40,
    /// <summary>TLS 1.3.</summary>
    Tls13 = 0x80,
}
