using System.ComponentModel;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace SmtpNative.Core.Transport;

/// <summary>
/// Turns a connection into a TLS connection (implicit TLS or after STARTTLS). The server certificate is
/// validated by the platform (chain to a trusted root, validity dates, host name or IP address);
/// only trustAnyCertificate (SMTP_OPTION_TRUSTEDSITE) lets a failed validation pass.
/// </summary>
public static class TlsHandshake
{
    public static SecurityInformation Run(SmtpConnection connection, string host, bool trustAnyCertificate,
        X509Certificate2Collection? clientCertificates)
    {
        var verdict = SslPolicyErrors.None;
        string chainDetail = "";
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = TargetName(host),
            ClientCertificates = clientCertificates,
            EnabledSslProtocols = SslProtocols.None,   // the platform's current defaults (TLS 1.2 and 1.3)
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // The platform has validated already; the callback only records why it failed (for the error
            // code and text) and, for a trusted site alone, accepts the failure.
            RemoteCertificateValidationCallback = (_, _, chain, errors) =>
            {
                verdict = errors;
                if (chain is not null)
                    chainDetail = string.Join("; ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
                return errors == SslPolicyErrors.None || trustAnyCertificate;
            },
        };
        var ssl = new SslStream(connection.Stream, leaveInnerStreamOpen: false);
        try
        {
            ssl.AuthenticateAsClient(options);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or Win32Exception)
        {
            ssl.Dispose();
            if (connection.Aborted)
                throw new SmtpException(SmtpError.OperationCanceled);
            if (verdict != SslPolicyErrors.None)
                throw new SmtpException(SmtpError.CertificateInvalid, $"The server certificate is not valid for {host}: {Describe(verdict, chainDetail)}");
            if ((e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode == SocketError.TimedOut)
                throw new SmtpException(SmtpError.Timeout, "The TLS handshake timed out");
            throw new SmtpException(SmtpError.TlsHandshakeFailed, "The TLS handshake failed: " + e.Message);
        }
        connection.ReplaceStream(ssl);
        return Describe(ssl, verdict);
    }

    /// <summary>The name the certificate must carry: the host as given, without IPv6 brackets.</summary>
    private static string TargetName(string host) =>
        host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    private static string Describe(SslPolicyErrors errors, string chain)
    {
        var parts = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) parts.Add("no certificate was sent");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) parts.Add("it is for another host name");
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0) parts.Add("chain not trusted (" + chain + ")");
        return string.Join(", ", parts);
    }

    private static SecurityInformation Describe(SslStream ssl, SslPolicyErrors errors)
    {
        var status = CertificateStatus.Valid;
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) status |= CertificateStatus.NotAvailable;
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) status |= CertificateStatus.NameMismatch;
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0) status |= CertificateStatus.ChainErrors;
        var cert = ssl.RemoteCertificate is { } rc ? rc as X509Certificate2 ?? new X509Certificate2(rc) : null;
        return new SecurityInformation(
            ssl.SslProtocol,
            ssl.NegotiatedCipherSuite.ToString(),
            cert?.Subject ?? "",
            cert?.Issuer ?? "",
            cert is null ? "" : Convert.ToHexString(cert.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)),
            cert?.NotBefore.ToUniversalTime() ?? default,
            cert?.NotAfter.ToUniversalTime() ?? default,
            status);
    }
}
