using System.Security.Authentication;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Session;
using SmtpNative.Core.Transport;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>
/// TLS against real servers (aiosmtpd with its own STARTTLS and implicit TLS; SmtpServer with a
/// certificate), with certificates validated for real: the test CA is trusted, nothing is switched off.
/// </summary>
public class TlsTests
{
    private static readonly byte[] Message = "Subject: over TLS\r\n\r\nsecret body\r\n"u8.ToArray();

    private static string[] TlsArgs(string cert = "server") =>
        ["--tls-cert", TestCertificates.File(cert + ".pem"), "--tls-key", TestCertificates.File(cert + ".key")];

    private static SmtpSession Connect(int port, SmtpOptions options, string host = "127.0.0.1") =>
        SmtpSession.Connect(host, port, 10, options, "client.test");

    [Fact]
    public void Required_STARTTLS_with_aiosmtpd_encrypts_and_forgets_what_was_learned_before()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--auth", "alice:s3cret", "--auth-require-tls"]);
        using var session = Connect(server.Port, SmtpOptions.SecureExplicit);
        Assert.True(session.IsEncrypted);
        var security = session.Security!;
        Assert.True(security.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.Equal("CN=localhost", security.CertificateSubject);
        Assert.Equal("CN=SmtpNative Test CA", security.CertificateIssuer);
        Assert.Equal(CertificateStatus.Valid, security.CertificateStatus);
        Assert.Equal(64, security.CertificateFingerprint.Length);
        // The capabilities are those of the EHLO after TLS: STARTTLS is gone, AUTH (offered only over TLS) is there.
        Assert.False(session.Capabilities.Has(SmtpExtensions.Starttls));
        Assert.True(session.Capabilities.Has(SmtpExtensions.Authplain));
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
        session.Quit();
        Assert.Equal(Encoding.ASCII.GetString(Message), Assert.Single(server.Messages()).Text);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void An_IPv6_literal_is_checked_against_the_certificates_addresses(string host)
    {
        using var server = new CaptureServer("::1", TlsArgs());
        using var session = Connect(server.Port, SmtpOptions.SecureExplicit, host);
        Assert.True(session.IsEncrypted);
        Assert.Equal(CertificateStatus.Valid, session.Security!.CertificateStatus);
    }

    [Fact]
    public void Implicit_TLS_with_aiosmtpd()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--implicit-tls"]);
        using var session = Connect(server.Port, SmtpOptions.SecureImplicit, "localhost");
        Assert.True(session.IsEncrypted);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
        session.Quit();
        Assert.Single(server.Messages());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SmtpServer_with_a_certificate_STARTTLS_and_implicit(bool implicitTls)
    {
        using var certificate = TestCertificates.Server();
        using var server = new InProcessServer(certificate, implicitTls);
        using var session = Connect(server.Port, implicitTls ? SmtpOptions.SecureImplicit : SmtpOptions.SecureExplicit);
        Assert.True(session.IsEncrypted);
        Assert.Equal("CN=localhost", session.Security!.CertificateSubject);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
        session.Quit();
        Assert.Equal(Encoding.ASCII.GetString(Message), Assert.Single(server.Messages).Text);
    }

    [Theory]
    [InlineData("wronghost", CertificateStatus.NameMismatch)]
    [InlineData("expired", CertificateStatus.ChainErrors)]
    [InlineData("unknown", CertificateStatus.ChainErrors)]
    public void An_invalid_certificate_fails_unless_the_site_is_trusted(string cert, CertificateStatus status)
    {
        foreach (var implicitTls in new[] { false, true })
        {
            string[] args = implicitTls ? [.. TlsArgs(cert), "--implicit-tls"] : TlsArgs(cert);
            var options = implicitTls ? SmtpOptions.SecureImplicit : SmtpOptions.SecureExplicit;
            using var server = new CaptureServer("127.0.0.1", args);
            var e = Assert.Throws<SmtpException>(() => Connect(server.Port, options));
            Assert.Equal(SmtpError.CertificateInvalid, e.Code);
            // Opportunistic TLS does not lower the bar either: a certificate that fails is a failed connection.
            if (!implicitTls)
                Assert.Equal(SmtpError.CertificateInvalid, Assert.Throws<SmtpException>(() => Connect(server.Port, SmtpOptions.SecureFallback)).Code);

            using var trusted = Connect(server.Port, options | SmtpOptions.Trustedsite);
            Assert.True(trusted.IsEncrypted);
            Assert.True(trusted.Security!.CertificateStatus.HasFlag(status));
            trusted.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
            trusted.Quit();
            Assert.Single(server.Messages());
        }
    }

    [Fact]
    public void Required_TLS_from_a_server_without_STARTTLS_fails_and_sends_nothing_more()
    {
        using var server = new CaptureServer();
        using var tap = new WireTap(server.Port);
        var e = Assert.Throws<SmtpException>(() => Connect(tap.Port, SmtpOptions.SecureExplicit));
        Assert.Equal(SmtpError.TlsNotAvailable, e.Code);
        Assert.Equal("EHLO client.test\r\n", Encoding.ASCII.GetString(tap.FromClientAfterClose()));
    }

    [Fact]
    public void Required_TLS_from_a_server_that_refuses_EHLO_fails_without_HELO()
    {
        using var server = new CaptureServer("127.0.0.1", "--helo-only");
        using var tap = new WireTap(server.Port);
        var e = Assert.Throws<SmtpException>(() => Connect(tap.Port, SmtpOptions.SecureExplicit));
        Assert.Equal(SmtpError.TlsNotAvailable, e.Code);
        Assert.Equal("EHLO client.test\r\n", Encoding.ASCII.GetString(tap.FromClientAfterClose()));
    }

    [Fact]
    public void Required_TLS_refused_by_the_server_fails_and_sends_nothing_more()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--starttls-refuse"]);
        using var tap = new WireTap(server.Port);
        var e = Assert.Throws<SmtpException>(() => Connect(tap.Port, SmtpOptions.SecureExplicit));
        Assert.Equal(SmtpError.TlsNotAvailable, e.Code);
        Assert.Contains("454", e.Message);
        Assert.Equal("EHLO client.test\r\nSTARTTLS\r\n", Encoding.ASCII.GetString(tap.FromClientAfterClose()));
    }

    [Fact]
    public void Opportunistic_TLS_uses_TLS_when_offered_and_plaintext_otherwise()
    {
        using (var tls = new CaptureServer("127.0.0.1", TlsArgs()))
        using (var session = Connect(tls.Port, SmtpOptions.SecureFallback))
            Assert.True(session.IsEncrypted);
        using (var plain = new CaptureServer())
        using (var session = Connect(plain.Port, SmtpOptions.SecureFallback))
        {
            Assert.False(session.IsEncrypted);
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
            Assert.Single(plain.Messages());
        }
        using (var refusing = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--starttls-refuse"]))
        using (var session = Connect(refusing.Port, SmtpOptions.SecureFallback))
            Assert.False(session.IsEncrypted);
    }

    [Fact]
    public void Plaintext_injected_with_the_STARTTLS_reply_is_refused()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--starttls-inject"]);
        var e = Assert.Throws<SmtpException>(() => Connect(server.Port, SmtpOptions.SecureExplicit));
        Assert.Equal(SmtpError.TlsHandshakeFailed, e.Code);
        Assert.Contains("before the TLS handshake", e.Message);
    }

    [Fact]
    public void A_handshake_that_never_comes_times_out()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--starttls-stall"]);
        var e = Assert.Throws<SmtpException>(() => SmtpSession.Connect("127.0.0.1", server.Port, 1, SmtpOptions.SecureExplicit, "client.test"));
        Assert.Equal(SmtpError.Timeout, e.Code);
    }

    [Fact]
    public void A_server_that_does_not_speak_TLS_is_a_handshake_failure()
    {
        using var server = new CaptureServer();
        var e = Assert.Throws<SmtpException>(() => Connect(server.Port, SmtpOptions.SecureImplicit));
        Assert.Equal(SmtpError.TlsHandshakeFailed, e.Code);
    }

    [Fact]
    public void Nothing_sent_after_STARTTLS_is_readable_on_the_wire()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--auth", "alice:s3cret"]);
        using var tap = new WireTap(server.Port);
        using (var session = Connect(tap.Port, SmtpOptions.SecureExplicit))
        {
            session.Authenticate(Core.Auth.SmtpAuthType.Plain, "alice", "s3cret");
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Message));
            session.Quit();
        }
        string wire = Encoding.Latin1.GetString(tap.FromClientAfterClose());
        Assert.StartsWith("EHLO client.test\r\nSTARTTLS\r\n", wire);
        Assert.DoesNotContain("s3cret", wire);
        Assert.DoesNotContain(Convert.ToBase64String("\0alice\0s3cret"u8), wire);
        Assert.DoesNotContain("secret body", wire);
        Assert.DoesNotContain("MAIL FROM", wire);
        Assert.Single(server.Messages());
    }

    [Fact]
    public void A_client_certificate_is_presented_and_verified_by_the_server()
    {
        using var server = new CaptureServer("127.0.0.1", [.. TlsArgs(), "--client-ca", TestCertificates.File("ca.pem")]);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
            TestCertificates.File("client.pfx"), "clientpass");
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.SecureExplicit, "client.test", [certificate]);
        Assert.True(session.IsEncrypted);
        session.Quit();
        Assert.Contains("commonName=smtpnative-test-client", File.ReadAllText(Path.Combine(server.Directory, "peercert.log")));
    }
}
