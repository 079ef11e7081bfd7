using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>The staged transaction against real servers: aiosmtpd (no PIPELINING) and SmtpServer (PIPELINING).</summary>
public class StagedTests
{
    private const string Sloppy = "Subject: staged\n\nline one\r\n.dot\rbare cr\r\n..two\nend";
    private const string Canonical = "Subject: staged\r\n\r\nline one\r\n.dot\r\nbare cr\r\n..two\r\nend\r\n";

    private static SmtpSession Connect(int port, SmtpOptions options = SmtpOptions.None) =>
        SmtpSession.Connect("127.0.0.1", port, 10, options, "client.test");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Content_split_anywhere_arrives_as_one_canonical_message(int pieceSize)
    {
        using var aio = new CaptureServer();
        using var inproc = new InProcessServer();
        var bytes = Encoding.ASCII.GetBytes(Sloppy);
        foreach (int port in new[] { aio.Port, inproc.Port })
        {
            using var session = Connect(port);
            session.CreateMessage("a@x.test", bytes.Length);
            session.AddRecipient("b@x.test");
            for (int i = 0; i < bytes.Length; i += pieceSize)
                session.AppendContent(MessageContent.FromMemory(bytes.AsSpan(i, Math.Min(pieceSize, bytes.Length - i))));
            session.CloseMessage();
            Assert.Equal(250, session.Reply.Code);
            Assert.False(session.InTransaction);
            session.Quit();
        }
        var received = Assert.Single(aio.Messages());
        Assert.Equal(Canonical, received.Text);
        Assert.Equal([$"SIZE={bytes.Length}", "BODY=8BITMIME"], received.MailParameters);   // aiosmtpd offers SIZE and 8BITMIME
        Assert.Equal(Canonical, Assert.Single(inproc.Messages).Text);
    }

    [Fact]
    public void A_split_between_CR_and_LF_gives_the_same_bytes_as_SendMessage()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("a\r\nb\r\n.c\r\n"u8));
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        session.AppendContent(MessageContent.FromMemory("a\r"u8));
        session.AppendContent(MessageContent.FromMemory("\nb\r"u8));
        session.AppendContent(MessageContent.FromMemory("\n.c\r\n"u8));
        session.CloseMessage();
        var messages = server.Messages();
        Assert.Equal(2, messages.Count);
        Assert.Equal(messages[0].Data, messages[1].Data);
    }

    [Theory]
    [InlineData(SmtpOptions.None)]
    [InlineData(SmtpOptions.Nopipelining)]
    public void A_refused_recipient_fails_only_its_call(SmtpOptions options)
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port, options);
        session.CreateMessage("a@x.test", 100);
        session.AddRecipient("b@x.test");
        var e = Assert.Throws<SmtpException>(() => session.AddRecipient("reject-1@x.test"));
        Assert.Equal(SmtpError.RecipientRejected, e.Code);
        Assert.True(session.Reply.IsPermanent);
        session.AddRecipient("c@x.test");
        session.AppendContent(MessageContent.FromMemory("Subject: s\r\n\r\nx\r\n"u8));
        session.CloseMessage();
        Assert.Equal(["b@x.test", "reject-1@x.test", "c@x.test"], session.Recipients.Select(r => r.Address));
        Assert.Equal([true, false, true], session.Recipients.Select(r => r.Accepted));
        var received = Assert.Single(server.Messages);
        Assert.Equal(["b@x.test", "c@x.test"], received.Recipients);
    }

    [Fact]
    public void No_accepted_recipient_refuses_content_and_reset_starts_over()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.CreateMessage("a@x.test", 0);
        Assert.Throws<SmtpException>(() => session.AddRecipient("reject-1@x.test"));
        var e = Assert.Throws<SmtpException>(() => session.AppendContent(MessageContent.FromMemory("x\r\n"u8)));
        Assert.Equal(SmtpError.NoValidRecipients, e.Code);
        Assert.False(session.InTransaction);

        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        session.Reset();
        Assert.Equal(250, session.Reply.Code);
        Assert.False(session.InTransaction);
        session.CreateMessage("z@x.test", 0);
        session.AddRecipient("y@x.test");
        session.CloseMessage();   // no content: an empty body
        var received = Assert.Single(server.Messages());
        Assert.Equal("z@x.test", received.From);
        Assert.Equal(["y@x.test"], received.Recipients);
    }

    [Fact]
    public void Out_of_order_calls_are_invalid_state()
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        Assert.Equal(SmtpError.InvalidState, Assert.Throws<SmtpException>(() => session.AddRecipient("b@x.test")).Code);
        Assert.Equal(SmtpError.InvalidState, Assert.Throws<SmtpException>(() => session.CloseMessage()).Code);
        session.CreateMessage("a@x.test", 0);
        Assert.Equal(SmtpError.InvalidState, Assert.Throws<SmtpException>(() => session.CreateMessage("a@x.test", 0)).Code);
        Assert.Equal(SmtpError.InvalidState, Assert.Throws<SmtpException>(() =>
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("x"u8))).Code);
        session.Reset();
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("x"u8));
        Assert.Single(server.Messages);
    }

    [Fact]
    public void A_size_over_the_advertised_limit_is_refused_before_MAIL()
    {
        using var server = new CaptureServer();   // aiosmtpd advertises SIZE 33554432
        using var session = Connect(server.Port);
        Assert.True(session.Capabilities.MaxMessageSize > 0);
        var e = Assert.Throws<SmtpException>(() => session.CreateMessage("a@x.test", session.Capabilities.MaxMessageSize + 1));
        Assert.Equal(SmtpError.MessageTooLarge, e.Code);
        Assert.Equal(250, session.Reply.Code);   // still EHLO's reply: nothing was sent
        Assert.False(session.InTransaction);
    }

    [Fact]
    public void A_missing_file_is_refused_before_DATA_and_the_message_stays_open()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        var e = Assert.Throws<SmtpException>(() => session.AppendContent(MessageContent.FromFile("/nonexistent/part.eml")));
        Assert.Equal(SmtpError.FileNotFound, e.Code);
        Assert.True(session.IsConnected);
        session.AppendContent(MessageContent.FromMemory("Subject: f\r\n\r\nx\r\n"u8));
        session.CloseMessage();
        Assert.Equal("Subject: f\r\n\r\nx\r\n", Assert.Single(server.Messages()).Text);
    }

    [Fact]
    public void A_NUL_in_DATA_content_closes_the_connection_and_delivers_nothing()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        session.AppendContent(MessageContent.FromMemory("Subject: s\r\n\r\npart\r\n"u8));
        var e = Assert.Throws<SmtpException>(() => session.AppendContent(MessageContent.FromMemory("a\0b"u8)));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
        Assert.False(session.IsConnected);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public void Non_ASCII_addresses_use_SMTPUTF8_and_IDN_domains_become_A_labels()
    {
        using var server = new CaptureServer();   // aiosmtpd with SMTPUTF8
        using var session = Connect(server.Port);
        session.SendMessage("a@x.test", "user@bücher.test", MessageContent.FromMemory("Subject: idn\r\n\r\nx\r\n"u8));
        session.SendMessage("jörg@x.test", "ünï@bücher.test", MessageContent.FromMemory("Subject: utf8\r\n\r\nx\r\n"u8));
        var messages = server.Messages();
        Assert.Equal(["user@xn--bcher-kva.test"], messages[0].Recipients);
        Assert.DoesNotContain("SMTPUTF8", messages[0].MailParameters);
        Assert.Equal("jörg@x.test", messages[1].From);
        Assert.Equal(["ünï@bücher.test"], messages[1].Recipients);
        Assert.Contains("SMTPUTF8", messages[1].MailParameters);
    }

    [Fact]
    public void BODY_8BITMIME_goes_with_8_bit_content_only()
    {
        using var server = new CaptureServer();   // aiosmtpd offers 8BITMIME
        using var session = Connect(server.Port);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: ascii\r\n\r\nplain\r\n"u8));
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: 8bit\r\n\r\ncaf\u00e9\r\n"u8));
        var messages = server.Messages();
        Assert.DoesNotContain("BODY=8BITMIME", messages[0].MailParameters);
        Assert.Contains("BODY=8BITMIME", messages[1].MailParameters);
        Assert.Equal("Subject: 8bit\r\n\r\ncaf\u00e9\r\n", messages[1].Text);
    }

    [Fact]
    public void A_non_ASCII_address_without_SMTPUTF8_is_a_clear_error()
    {
        using var server = new SinkServer();   // smtp-sink does not offer SMTPUTF8
        using var session = Connect(server.Port);
        Assert.False(session.Capabilities.Has(Core.Protocol.SmtpExtensions.Smtputf8));
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "jörg@x.test", MessageContent.FromMemory("x"u8)));
        Assert.Equal(SmtpError.Smtputf8Required, e.Code);
        Assert.Equal(250, session.Reply.Code);   // refused before MAIL FROM
        session.SendMessage("a@x.test", "jorg@bücher.test", MessageContent.FromMemory("x\r\n"u8));
        Assert.Contains("X-Rcpt-Args: <jorg@xn--bcher-kva.test>", Assert.Single(server.Dumps()));
    }

    [Theory]
    [InlineData(SmtpOptions.None)]
    [InlineData(SmtpOptions.Nopipelining)]
    public void DSN_parameters_go_out_when_the_server_offers_DSN(SmtpOptions options)
    {
        using var server = new SinkServer();   // smtp-sink offers DSN
        using var session = Connect(server.Port, options);
        session.DeliveryOptions = (uint)(SmtpNotify.Success | SmtpNotify.Failure) | (uint)SmtpReturn.Headers;
        session.SendMessage("a@x.test", "b+x@x.test", MessageContent.FromMemory("Subject: dsn\r\n\r\nx\r\n"u8));
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("c@x.test");
        session.CloseMessage();
        var dumps = server.Dumps();   // two dumps, in no reliable order (same second)
        Assert.Equal(2, dumps.Count);
        Assert.All(dumps, d => Assert.Matches(@"X-Mail-Args: <a@x.test>( BODY=8BITMIME)? RET=HDRS ENVID=[0-9a-f]{32}\n", d));   // smtp-sink offers no SIZE
        Assert.Contains(dumps, d => d.Contains("X-Rcpt-Args: <b+x@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx@x.test\n"));
        Assert.Contains(dumps, d => d.Contains("X-Rcpt-Args: <c@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;c@x.test\n"));
    }

    [Fact]
    public void DSN_parameters_are_left_out_when_the_server_lacks_DSN()
    {
        using var server = new CaptureServer();   // aiosmtpd: no DSN
        using var session = Connect(server.Port);
        session.DeliveryOptions = (uint)SmtpNotify.Never | (uint)SmtpReturn.Message;
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("x\r\n"u8));
        Assert.DoesNotContain(Assert.Single(server.Messages()).MailParameters, p => p.StartsWith("RET") || p.StartsWith("ENVID"));
    }

    [Fact]
    public void Commands_VRFY_EXPN_and_the_date()
    {
        using var server = new CaptureServer();
        using var session = Connect(server.Port);
        Assert.Equal(250, session.UserCommand("NOOP", null));
        Assert.Equal(SmtpError.InvalidParameter, Assert.Throws<SmtpException>(() => session.UserCommand("NOOP", "x\r\nRSET")).Code);
        Assert.Equal(SmtpError.InvalidParameter, Assert.Throws<SmtpException>(() => session.UserCommand("NO OP", null)).Code);
        Assert.Equal(SmtpError.InvalidParameter, Assert.Throws<SmtpException>(() => session.UserCommand("DATA", null)).Code);
        Assert.True(session.UserCommand("HELP", null) is 214 or 250);
        Assert.NotEmpty(session.Verify("b@x.test"));             // aiosmtpd: 252 cannot verify, will accept
        Assert.Equal(SmtpError.CommandRejected, Assert.Throws<SmtpException>(() => session.Expand("list")).Code);   // 502
        Assert.Equal("Tue, 01 Dec 2026 09:05:03 -0130", SmtpSession.FormatDate(new DateTimeOffset(2026, 12, 1, 9, 5, 3, TimeSpan.FromMinutes(-90))));
        Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$", SmtpSession.CurrentDate());
    }

    [Fact]
    public void Progress_events_come_every_64_KiB_and_at_the_end()
    {
        using var server = new InProcessServer();
        using var session = Connect(server.Port);
        var events = new EventLog();
        session.Events = events;
        var line = Encoding.ASCII.GetBytes(new string('x', 98) + "\r\n");
        var body = new byte[300 * 1024];
        for (int i = 0; i < body.Length; i += line.Length)
            line.AsSpan(0, Math.Min(line.Length, body.Length - i)).CopyTo(body.AsSpan(i));
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(body));
        int progress = events.Seen.Count(e => e.Event == SmtpEvent.Progress);
        Assert.True(progress >= body.Length / SmtpSession.ProgressInterval + 1, $"{progress} progress events");
        Assert.Contains(events.Seen, e => e.Event == SmtpEvent.Write);
        Assert.Contains(events.Seen, e => e.Event == SmtpEvent.Read);
        Assert.Contains(events.Seen, e => e.Event == SmtpEvent.Command);
        var t = session.Transfer;
        Assert.Equal(body.Length, t.BytesTotal);
        Assert.Equal(body.Length, t.BytesCopied);
        Assert.Equal(SmtpStatus.Idle, session.Status);
    }
}
