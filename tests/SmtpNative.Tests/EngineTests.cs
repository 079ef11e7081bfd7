using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>The managed engine against two independent real servers: SmtpServer (in-process) and aiosmtpd (a process).</summary>
public class EngineTests
{
    private const string Message =
        "From: a@x.test\r\nTo: b@x.test\r\nSubject: engine test\r\n\r\nline one\r\n.starts with a dot\r\n..two dots\r\nlast line\r\n";

    private static SmtpSession Connect(int port, SmtpOptions options = SmtpOptions.None) =>
        SmtpSession.Connect("127.0.0.1", port, 10, options, "client.test");

    [Fact]
    public void SmtpServer_receives_the_message_byte_for_byte()
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        Assert.True(session.Capabilities.IsExtended);
        session.SendMessage("a@x.test", "b@x.test, c@x.test", MessageContent.FromMemory(Encoding.ASCII.GetBytes(Message)));
        session.Quit();
        var received = Assert.Single(server.Messages);
        Assert.Equal("a@x.test", received.From);
        Assert.Equal(["b@x.test", "c@x.test"], received.Recipients);
        Assert.Equal(Message, received.Text);
    }

    [Fact]
    public void Aiosmtpd_receives_the_message_byte_for_byte()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Encoding.ASCII.GetBytes(Message)));
        Assert.Equal(250, session.Reply.Code);
        session.Quit();
        var received = Assert.Single(server.Messages());
        Assert.Equal(["b@x.test"], received.Recipients);
        Assert.Equal(Message, received.Text);
    }

    [Fact]
    public void Bare_line_ends_arrive_canonical_at_both_servers()
    {
        const string sloppy = "Subject: s\n\nbare lf\nbare cr\rmixed\r\n.\n.\r\nend";
        const string canonical = "Subject: s\r\n\r\nbare lf\r\nbare cr\r\nmixed\r\n.\r\n.\r\nend\r\n";
        using var aio = new CaptureServer();
        using var inproc = new InProcessServer();
        foreach (int port in new[] { aio.Port, inproc.Port })
        {
            using var session = Connect(port);
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Encoding.ASCII.GetBytes(sloppy)));
            session.Quit();
        }
        Assert.Equal(canonical, Assert.Single(aio.Messages()).Text);
        Assert.Equal(canonical, Assert.Single(inproc.Messages).Text);
    }

    [Fact]
    public void A_refused_recipient_is_reported_and_the_others_get_the_message()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.SendMessage("a@x.test", "b@x.test; reject-1@x.test, c@x.test", MessageContent.FromMemory("Subject: x\r\n\r\nx\r\n"u8));
        Assert.Equal(3, session.Recipients.Count);
        Assert.Equal(250, session.Recipients[0].Code);
        Assert.Equal(550, session.Recipients[1].Code);
        Assert.Contains("No such user", session.Recipients[1].Text);
        Assert.Equal(250, session.Recipients[2].Code);
        Assert.Equal(["b@x.test", "c@x.test"], Assert.Single(server.Messages()).Recipients);
    }

    [Theory]
    [InlineData(SmtpOptions.None)]
    [InlineData(SmtpOptions.Nopipelining)]
    public void Every_recipient_refused_fails_and_the_connection_stays_usable(SmtpOptions options)
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port, options);
        var e = Assert.Throws<SmtpException>(() =>
            session.SendMessage("a@x.test", "reject-1@x.test, reject-2@x.test", MessageContent.FromMemory("Subject: x\r\n\r\nx\r\n"u8)));
        Assert.Equal(SmtpError.NoValidRecipients, e.Code);
        Assert.Empty(server.Messages);
        Assert.True(session.IsConnected);
        session.SendMessage("a@x.test", "ok@x.test", MessageContent.FromMemory("Subject: y\r\n\r\ny\r\n"u8));
        Assert.Equal(["ok@x.test"], Assert.Single(server.Messages).Recipients);
    }

    [Theory]
    [InlineData("a@x.test", "b@x.test\r\nRCPT TO:<evil@x.test>")]
    [InlineData("a@x.test> SIZE=1", "b@x.test")]
    [InlineData("a@x.test", "<b@x.test> NOTIFY=NEVER")]
    public void Injection_in_addresses_is_refused_before_anything_is_sent(string from, string to)
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        var e = Assert.Throws<SmtpException>(() => session.SendMessage(from, to, MessageContent.FromMemory("x\r\n"u8)));
        Assert.Equal(SmtpError.InvalidAddress, e.Code);
        Assert.Equal(250, session.Reply.Code);  // still the EHLO reply: no command went out
        Assert.True(session.IsConnected);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public void A_message_with_NUL_is_refused_before_MAIL_FROM()
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("a\0b\r\n"u8)));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
        Assert.Equal(250, session.Reply.Code);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public void Helo_only_server_gets_HELO_after_EHLO_is_refused()
    {
        using var server = new CaptureServer("127.0.0.1", "--helo-only");
        using var session = Connect(server.Port);
        Assert.False(session.Capabilities.IsExtended);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: helo\r\n\r\nx\r\n"u8));
        session.Quit();
        Assert.Equal("Subject: helo\r\n\r\nx\r\n", Assert.Single(server.Messages()).Text);
    }

    [Fact]
    public void IPv6_literal_connects()
    {
        using var server = new CaptureServer("::1");
        using var session = SmtpSession.Connect("::1", server.Port, 10, SmtpOptions.None, "client.test");
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: v6\r\n\r\nx\r\n"u8));
        session.Quit();
        Assert.Single(server.Messages());
    }

    [Fact]
    public void Host_name_connects()
    {
        using var server = new InProcessServer();
        using var session = SmtpSession.Connect("localhost", server.Port, 10, SmtpOptions.None, null);
        Assert.True(session.IsConnected);
        session.Quit();
        Assert.False(session.IsConnected);
    }

    [Fact]
    public void A_closed_port_is_connection_refused()
    {
        int port = FreePort.Get();
        var e = Assert.Throws<SmtpException>(() => Connect(port));
        Assert.Equal(SmtpError.ConnectionRefused, e.Code);
    }

    [Fact]
    public void A_message_file_is_streamed()
    {
        using var server = new CaptureServer();
        string path = Path.GetTempFileName();
        var body = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 20000; i++)
            body.Append(i % 7 == 0 ? ".dot line " : "line ").Append(i).Append("\r\n");
        File.WriteAllText(path, body.ToString());
        try
        {
            using var session = Connect(server.Port);
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromFile(path));
            session.Quit();
            Assert.Equal(body.ToString(), Assert.Single(server.Messages()).Text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_file_not_found()
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "b@x.test", MessageContent.FromFile("/nonexistent/message.eml")));
        Assert.Equal(SmtpError.FileNotFound, e.Code);
        Assert.True(session.IsConnected);
    }
}
