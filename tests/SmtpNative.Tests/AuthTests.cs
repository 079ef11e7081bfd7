using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Auth;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>
/// Every SASL mechanism against a real server that checks it: aiosmtpd (LOGIN and PLAIN built in; CRAM-MD5,
/// XOAUTH2, OAUTHBEARER and SCRAM-SHA-256 verified by tests/servers/capture_server.py) and SmtpServer's
/// user authenticator (LOGIN, PLAIN).
/// </summary>
public class AuthTests
{
    private const string User = "alice";
    private const string Password = "s3cret-Pa55";

    public static TheoryData<SmtpAuthType, string> Mechanisms => new()
    {
        { SmtpAuthType.Login, "LOGIN" },
        { SmtpAuthType.Plain, "PLAIN" },
        { SmtpAuthType.Crammd5, "CRAM-MD5" },
        { SmtpAuthType.Xoauth2, "XOAUTH2" },
        { SmtpAuthType.Bearer, "OAUTHBEARER" },
        { SmtpAuthType.Scramsha256, "SCRAM-SHA-256" },
    };

    private static CaptureServer AuthServer(params string[] extra) => new("127.0.0.1", ["--auth", $"{User}:{Password}", .. extra]);

    private static SmtpSession Connect(int port, SmtpOptions options = SmtpOptions.None) =>
        SmtpSession.Connect("127.0.0.1", port, 10, options, "client.test");

    private static string AuthLog(CaptureServer server) => File.ReadAllText(Path.Combine(server.Directory, "auth.log"));

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Each_mechanism_is_accepted_by_a_server_that_checks_it(SmtpAuthType type, string name)
    {
        using var server = AuthServer();
        using var session = Connect(server.Port);
        session.Authenticate(type, User, Password);
        Assert.Equal(235, session.Reply.Code);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: a\r\n\r\nx\r\n"u8));
        Assert.Equal($"{name} {User} ok\n", AuthLog(server));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void A_wrong_password_fails_with_the_servers_reply_and_no_secret_anywhere(SmtpAuthType type, string name)
    {
        const string wrong = "wrong-Pa55word";
        using var server = AuthServer();
        using var tap = new WireTap(server.Port);
        using var session = Connect(tap.Port);
        var e = Assert.Throws<SmtpException>(() => session.Authenticate(type, User, wrong));
        Assert.Equal(SmtpError.AuthenticationFailed, e.Code);
        Assert.Equal(535, session.Reply.Code);
        Assert.Contains("5.7.8", session.Reply.Text);
        Assert.True(session.IsConnected);
        Assert.Equal($"{name} {User} fail\n", AuthLog(server));

        // What went to the server, base64 or not, appears in no text the caller can see.
        var payloads = AuthPayloads(Encoding.Latin1.GetString(tap.FromClient), Encoding.Latin1.GetString(tap.FromServer));
        Assert.NotEmpty(payloads);
        foreach (var visible in new[] { e.Message, session.Reply.Text, session.Reply.ToString() })
        {
            Assert.DoesNotContain(wrong, visible);
            foreach (var p in payloads)
                Assert.DoesNotContain(p, visible);
        }
    }

    /// <summary>The base64 texts of an AUTH exchange: the initial response, each answer and each 334 challenge.</summary>
    private static List<string> AuthPayloads(string clientWire, string serverWire)
    {
        var list = new List<string>();
        var lines = clientWire.Split("\r\n");
        int auth = Array.FindIndex(lines, l => l.StartsWith("AUTH "));
        var words = lines[auth].Split(' ');
        if (words.Length > 2) list.Add(words[2]);
        list.AddRange(lines.Skip(auth + 1).TakeWhile(l => !l.StartsWith("QUIT") && l.Length > 0 && !l.Contains(' ')).Where(l => l.Length > 2));
        list.AddRange(serverWire.Split("\r\n").Where(l => l.StartsWith("334 ") && l.Length > 6).Select(l => l[4..]));
        return list;
    }

    [Fact]
    public void Default_picks_the_strongest_mechanism_offered()
    {
        using (var all = AuthServer())
        using (var session = Connect(all.Port))
        {
            session.Authenticate(SmtpAuthType.Default, User, Password);
            Assert.Equal($"SCRAM-SHA-256 {User} ok\n", AuthLog(all));
        }
        using (var some = AuthServer("--auth-mechs", "LOGIN,PLAIN,XOAUTH2"))
        using (var session = Connect(some.Port))
        {
            session.Authenticate(SmtpAuthType.Default, User, Password);
            Assert.Equal($"PLAIN {User} ok\n", AuthLog(some));
        }
    }

    [Fact]
    public void A_mechanism_not_offered_is_refused_before_anything_is_sent()
    {
        using var server = AuthServer("--auth-mechs", "PLAIN");
        using var tap = new WireTap(server.Port);
        using var session = Connect(tap.Port);
        var e = Assert.Throws<SmtpException>(() => session.Authenticate(SmtpAuthType.Crammd5, User, Password));
        Assert.Equal(SmtpError.InvalidAuthenticationType, e.Code);
        Assert.Equal(SmtpError.InvalidAuthenticationType,
            Assert.Throws<SmtpException>(() => session.Authenticate((SmtpAuthType)2, User, Password)).Code);
        using var noAuth = new CaptureServer();
        using var plain = Connect(noAuth.Port);
        Assert.Equal(SmtpError.InvalidAuthenticationType,
            Assert.Throws<SmtpException>(() => plain.Authenticate(SmtpAuthType.Default, User, Password)).Code);
        Assert.DoesNotContain("AUTH", Encoding.ASCII.GetString(tap.FromClient));
        Assert.True(session.IsConnected);
    }

    [Fact]
    public void A_server_that_cannot_prove_the_SCRAM_signature_is_rejected_and_dropped()
    {
        using var server = AuthServer("--scram-bad-signature");
        using var session = Connect(server.Port);
        var e = Assert.Throws<SmtpException>(() => session.Authenticate(SmtpAuthType.Scramsha256, User, Password));
        Assert.Equal(SmtpError.AuthenticationFailed, e.Code);
        Assert.Contains("signature", e.Message);
        Assert.Equal(501, session.Reply.Code);   // the server's answer to our "*"
    }

    [Fact]
    public void A_server_that_accepts_SCRAM_without_its_signature_is_dropped()
    {
        using var server = AuthServer("--scram-no-signature");
        using var session = Connect(server.Port);
        var e = Assert.Throws<SmtpException>(() => session.Authenticate(SmtpAuthType.Scramsha256, User, Password));
        Assert.Equal(SmtpError.AuthenticationFailed, e.Code);
        Assert.Contains("without proving", e.Message);
        Assert.False(session.IsConnected);
    }

    [Fact]
    public void A_long_initial_response_answers_the_servers_empty_challenge()
    {
        string token = new('t', 400);   // too long for the AUTH line (512), short enough for aiosmtpd's 1001-octet lines
        using var server = new CaptureServer("127.0.0.1", "--auth", $"{User}:{token}");
        using var tap = new WireTap(server.Port);
        using var session = Connect(tap.Port);
        session.Authenticate(SmtpAuthType.Xoauth2, User, token);
        Assert.Equal(235, session.Reply.Code);
        Assert.Contains("AUTH XOAUTH2\r\n", Encoding.ASCII.GetString(tap.FromClient));
        Assert.Equal($"XOAUTH2 {User} ok\n", AuthLog(server));
    }

    [Fact]
    public void A_malformed_challenge_cancels_the_exchange_with_a_star()
    {
        using var server = AuthServer("--cram-malformed-challenge");
        using var tap = new WireTap(server.Port);
        using var session = Connect(tap.Port);
        var e = Assert.Throws<SmtpException>(() => session.Authenticate(SmtpAuthType.Crammd5, User, Password));
        Assert.Equal(SmtpError.AuthenticationFailed, e.Code);
        Assert.Contains("not base64", e.Message);
        Assert.Equal(501, session.Reply.Code);
        Assert.Contains("AUTH CRAM-MD5\r\n*\r\n", Encoding.ASCII.GetString(tap.FromClient));
        Assert.True(session.IsConnected);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: a\r\n\r\nx\r\n"u8));
    }

    [Theory]
    [InlineData(SmtpAuthType.Login)]
    [InlineData(SmtpAuthType.Plain)]
    public void SmtpServer_checks_LOGIN_and_PLAIN_with_its_user_authenticator(SmtpAuthType type)
    {
        using var server = new InProcessServer(users: new Dictionary<string, string> { [User] = Password });
        using (var session = Connect(server.Port))
        {
            var e = Assert.Throws<SmtpException>(() => session.Authenticate(type, User, "nope"));
            Assert.Equal(SmtpError.AuthenticationFailed, e.Code);
            Assert.Equal(535, session.Reply.Code);
            session.Authenticate(type, User, Password);
            Assert.Equal(235, session.Reply.Code);
        }
        Assert.Equal([(User, false), (User, true)], server.Logins.ToArray());
    }

    [Fact]
    public void SmtpServer_over_STARTTLS_with_authentication()
    {
        using var certificate = TestCertificates.Server();
        using var server = new InProcessServer(certificate, users: new Dictionary<string, string> { [User] = Password });
        using var session = Connect(server.Port, SmtpOptions.SecureExplicit);
        session.Authenticate(SmtpAuthType.Default, User, Password);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: a\r\n\r\nx\r\n"u8));
        Assert.Single(server.Messages);
    }

    [Fact]
    public void Credentials_go_only_over_TLS_loopback_or_with_the_plaintext_option()
    {
        Assert.False(SaslMechanisms.MayCarryCredentials(encrypted: false, loopback: false, SmtpOptions.None));
        Assert.False(SaslMechanisms.MayCarryCredentials(encrypted: false, loopback: false, SmtpOptions.SecureFallback | SmtpOptions.Trustedsite));
        Assert.True(SaslMechanisms.MayCarryCredentials(encrypted: true, loopback: false, SmtpOptions.None));
        Assert.True(SaslMechanisms.MayCarryCredentials(encrypted: false, loopback: true, SmtpOptions.None));
        Assert.True(SaslMechanisms.MayCarryCredentials(encrypted: false, loopback: false, SmtpOptions.PlaintextAuth));
    }
}
