using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>The protocol transcript: it proves pipelining (one write) and redacts AUTH payloads. One class: the trace is process-wide.</summary>
public class TraceTests
{
    private static List<string> Transcript(long id, Action run)
    {
        string path = Path.GetTempFileName();
        try
        {
            ProtocolTrace.Enable(path, SmtpTraceFlags.Writes);
            try { run(); } finally { ProtocolTrace.Disable(); }
            string prefix = $"[{id}] ";
            return File.ReadAllLines(path).Where(l => l.StartsWith(prefix)).Select(l => l[prefix.Length..]).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pipelining_sends_MAIL_every_RCPT_and_DATA_in_one_write()
    {
        using var server = new InProcessServer();   // SmtpServer offers PIPELINING
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        session.TraceId = 910001;
        var lines = Transcript(910001, () =>
            session.SendMessage("a@x.test", "b@x.test, c@x.test, d@x.test", MessageContent.FromMemory("Subject: p\r\n\r\nbody\r\n"u8)));
        int write = lines.FindIndex(l => l.StartsWith("C: --- one write"));
        Assert.True(write >= 0, string.Join("\n", lines));
        Assert.Equal(["C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@x.test>", "C: RCPT TO:<c@x.test>", "C: RCPT TO:<d@x.test>", "C: DATA"],
            lines.Skip(write + 1).Take(5));
        Assert.StartsWith("S: 250", lines[write + 6]);
        Assert.Contains("C: <23 bytes of message content>", lines);   // 20 bytes + ".\r\n", never as text
        Assert.DoesNotContain(lines, l => l.Contains("body"));
    }

    [Fact]
    public void Without_pipelining_each_command_is_its_own_write()
    {
        using var server = new InProcessServer();
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.Nopipelining, "client.test");
        session.TraceId = 910002;
        var lines = Transcript(910002, () =>
            session.SendMessage("a@x.test", "b@x.test, c@x.test", MessageContent.FromMemory("x\r\n"u8)));
        int mail = lines.IndexOf("C: MAIL FROM:<a@x.test>");
        Assert.True(mail > 0, string.Join("\n", lines));
        Assert.StartsWith("C: --- one write", lines[mail - 1]);
        Assert.StartsWith("S: 250", lines[mail + 1]);
    }

    [Fact]
    public void The_staged_API_pipelines_MAIL_with_the_first_RCPT()
    {
        using var server = new InProcessServer();
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        session.TraceId = 910004;
        var lines = Transcript(910004, () =>
        {
            session.CreateMessage("a@x.test", 0);
            session.AddRecipient("b@x.test");
            session.AddRecipient("c@x.test");
            session.AppendContent(MessageContent.FromMemory("x\r\n"u8));
            session.CloseMessage();
        });
        int write = lines.FindIndex(l => l.StartsWith("C: --- one write"));
        Assert.Equal(["C: MAIL FROM:<a@x.test> BODY=8BITMIME", "C: RCPT TO:<b@x.test>", "S: 250 Ok", "S: 250 Ok",
            "C: --- one write, 20 bytes", "C: RCPT TO:<c@x.test>", "S: 250 Ok", "C: --- one write, 6 bytes", "C: DATA"],
            lines.Skip(write + 1).Take(9));
        Assert.Equal(["b@x.test", "c@x.test"], Assert.Single(server.Messages).Recipients);
    }

    [Fact]
    public void AUTH_payloads_never_reach_the_trace()
    {
        using var server = new InProcessServer();
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        session.TraceId = 910003;
        var callbackLines = new List<string>();
        ProtocolTrace.SetCallback((id, line) => { if (id == 910003) lock (callbackLines) callbackLines.Add(line); });
        List<string> lines;
        try
        {
            lines = Transcript(910003, () =>
            {
                session.SecretCommand("AUTH PLAIN AHVzZXIAc2VjcmV0LXBhc3N3b3Jk");
                session.SecretCommand("c2VjcmV0LXBhc3N3b3Jk");
                session.UserCommand("AUTH", "LOGIN dXNlcg==");
                session.UserCommand("NOOP", null);
            });
        }
        finally
        {
            ProtocolTrace.SetCallback(null);
        }
        Assert.Contains("C: AUTH PLAIN ****", lines);
        Assert.Contains("C: ****", lines);
        Assert.Contains("C: AUTH LOGIN ****", lines);
        Assert.Contains("C: NOOP", lines);
        foreach (var all in new[] { lines, callbackLines })
        {
            Assert.DoesNotContain(all, l => l.Contains("AHVzZXIAc2VjcmV0") || l.Contains("c2VjcmV0") || l.Contains("dXNlcg"));
        }
        Assert.Contains("C: AUTH PLAIN ****", callbackLines);
    }

    [Fact]
    public void Redaction_keeps_the_verb_and_mechanism_only()
    {
        Assert.Equal("AUTH PLAIN ****", ProtocolTrace.Redact("AUTH PLAIN AHVzZXIAcGFzcw=="));
        Assert.Equal("AUTH LOGIN", ProtocolTrace.Redact("AUTH LOGIN"));
        Assert.Equal("****", ProtocolTrace.Redact("dXNlcg=="));
    }
}
