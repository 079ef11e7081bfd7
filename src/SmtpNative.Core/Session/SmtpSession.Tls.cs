using System.Security.Cryptography.X509Certificates;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

public sealed partial class SmtpSession
{
    private X509Certificate2Collection? _clientCertificates;

    /// <summary>What the TLS handshake negotiated; null while the connection is not encrypted.</summary>
    public SecurityInformation? Security { get; private set; }

    public bool IsEncrypted => Security is not null;

    /// <summary>True when the server is on a loopback address (credentials may cross in plaintext).</summary>
    public bool IsLoopback => _connection?.IsLoopback ?? false;

    private bool TlsRequired => (Options & SmtpOptions.SecureExplicit) != 0;

    /// <summary>SMTP_OPTION_SECURE_IMPLICIT: TLS before the greeting.</summary>
    private void StartImplicitTls()
    {
        if ((Options & SmtpOptions.SecureImplicit) != 0)
            Security = TlsHandshake.Run(Live, Host, (Options & SmtpOptions.Trustedsite) != 0, _clientCertificates);
    }

    /// <summary>
    /// STARTTLS (RFC 3207) after the first EHLO, when SECURE_EXPLICIT (required) or SECURE_FALLBACK
    /// (opportunistic) asks for it. Required and not to be had: the connection is closed without another
    /// plaintext byte and the call fails. After the handshake everything learned before it is dropped and
    /// EHLO is said again.
    /// </summary>
    private void NegotiateStartTls()
    {
        if (IsEncrypted || (Options & (SmtpOptions.SecureExplicit | SmtpOptions.SecureFallback)) == 0)
            return;
        if (!Capabilities.Has(SmtpExtensions.Starttls))
        {
            if (!TlsRequired) return;
            Close();
            throw new SmtpException(SmtpError.TlsNotAvailable, "TLS is required but the server does not offer STARTTLS");
        }
        Command("STARTTLS");
        if (Reply.Code != 220)
        {
            if (!TlsRequired) return;
            Close();
            throw Rejected(SmtpError.TlsNotAvailable, "TLS is required but the server refused STARTTLS");
        }
        // Bytes that arrived with the 220 were sent before the handshake, in plaintext, where anyone on the
        // path could have put them (CVE-2011-0411 style injection): never read them as replies.
        if (Live.HasBufferedInput)
        {
            Close();
            throw new SmtpException(SmtpError.TlsHandshakeFailed,
                "The server sent data after accepting STARTTLS and before the TLS handshake; the connection was closed");
        }
        Capabilities = Capabilities.None;
        Security = TlsHandshake.Run(Live, Host, (Options & SmtpOptions.Trustedsite) != 0, _clientCertificates);
        Hello();
    }
}
