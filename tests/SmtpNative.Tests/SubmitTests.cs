using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>SmtpSubmitMessage's engine: compose with MimeKit, connect, authenticate, send, disconnect.</summary>
public class SubmitTests
{
    [Fact]
    public void Composes_authenticates_and_sends_with_Bcc_only_in_the_envelope()
    {
        using var server = new CaptureServer("127.0.0.1", "--auth", "bob:pw");
        string attachment = Path.Combine(server.Directory, "note.txt");
        File.WriteAllText(attachment, "attached text");
        Submission.Submit(new SubmitServer("127.0.0.1", server.Port, 10, SmtpOptions.None, "bob", "pw"),
            new SubmitMessage("Bob <bob@x.test>", "to1@x.test; Two <to2@x.test>", "cc@x.test", "hidden@x.test", null,
                "Grüße", "X-Test: yes", "plain body", "<p>html body</p>", attachment));
        var m = Assert.Single(server.Messages());
        Assert.Equal("bob@x.test", m.From);
        Assert.Equal(["to1@x.test", "to2@x.test", "cc@x.test", "hidden@x.test"], m.Recipients);
        var parsed = MimeKit.MimeMessage.Load(new MemoryStream(m.Data));
        Assert.Equal("Grüße", parsed.Subject);
        Assert.Equal("yes", parsed.Headers["X-Test"]);
        Assert.Equal("plain body", parsed.TextBody!.Trim());
        Assert.Equal("<p>html body</p>", parsed.HtmlBody!.Trim());
        Assert.Equal("note.txt", Assert.Single(parsed.Attachments).ContentDisposition!.FileName);
        Assert.Equal(2, parsed.To.Count);
        Assert.DoesNotContain("hidden", m.Text);
        Assert.DoesNotContain("Bcc:", m.Text, StringComparison.OrdinalIgnoreCase);  // a random boundary may hold "bCc"
        Assert.Equal("SCRAM-SHA-256 bob ok\n", File.ReadAllText(Path.Combine(server.Directory, "auth.log")));
    }

    [Fact]
    public void Header_injection_and_bad_addresses_are_refused_before_connecting()
    {
        var server = new SubmitServer("127.0.0.1", 1, 5, SmtpOptions.None, null, null);
        Assert.Equal(SmtpError.InvalidAddress, Assert.Throws<SmtpException>(() =>
            Submission.Submit(server, new SubmitMessage("a@x.test", "", null, null, null, null, null, "x", null, null))).Code);
        Assert.Equal(SmtpError.InvalidParameter, Assert.Throws<SmtpException>(() =>
            Submission.Submit(server, new SubmitMessage("a@x.test", "b@x.test", null, null, null, null, "X-A: 1\rBcc: evil@x.test", "x", null, null))).Code);
        Assert.Equal(SmtpError.FileNotFound, Assert.Throws<SmtpException>(() =>
            Submission.Submit(server, new SubmitMessage("a@x.test", "b@x.test", null, null, null, null, null, "x", null, "/nonexistent/file"))).Code);
    }
}
