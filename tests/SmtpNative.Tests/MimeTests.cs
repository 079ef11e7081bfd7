using System.Diagnostics;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Mime;

namespace SmtpNative.Tests;

/// <summary>Compose, import, export and recipient enumeration with MimeKit, including hostile input.</summary>
public class MimeTests
{
    private static string Export(MimeKit.MimeMessage m) => Encoding.UTF8.GetString(MimeDocument.ToBytes(m));

    private static MimeKit.MimeMessage Import(string text) => MimeDocument.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Composed_message_round_trips()
    {
        using var m = MimeDocument.Compose("Sender <s@x.test>", "a@x.test", "b@x.test", "Grüße", "line one\nline two, mostly ASCII: ü",
            "X-A: 1\nX-B: folded\n  value", MimeCharset.Default, MimeEncoding.Default);
        string text = Export(m);
        Assert.Contains("Subject: =?utf-8?", text);
        Assert.Contains("X-B: folded value\r\n", text);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable\r\n", text);
        Assert.DoesNotMatch("[^\r]\n", text);
        using var back = Import(text);
        Assert.Equal("Grüße", back.Subject);
        Assert.Equal(text, Export(back));
    }

    [Theory]
    [InlineData(MimeEncoding.Base64, "base64")]
    [InlineData(MimeEncoding.EightBit, "8bit")]
    [InlineData(MimeEncoding.SevenBit, "base64")]   // 7bit cannot carry "ü": the smaller 7-bit-safe encoding is chosen
    public void Body_encoding_is_honoured(MimeEncoding encoding, string expected)
    {
        using var m = MimeDocument.Compose("s@x.test", "a@x.test", null, "s", "ü", null, MimeCharset.Utf8, encoding);
        Assert.Contains($"Content-Transfer-Encoding: {expected}\r\n", Export(m));
    }

    [Theory]
    [InlineData("s", "a@x.test", "Subject\r\nBcc: x@evil.test", null, SmtpError.InvalidParameter)]
    [InlineData("s", "<a@x.test", "s", null, SmtpError.InvalidAddress)]
    [InlineData("s", "a@x.test", "s", "no colon", SmtpError.InvalidParameter)]
    [InlineData("s", "a@x.test", "s", "X-A: 1\r\nBad Name: 2", SmtpError.InvalidParameter)]
    public void Injection_and_malformed_input_are_refused(string text, string to, string subject, string? headers, SmtpError expected) =>
        Assert.Equal(expected, Assert.Throws<SmtpException>(() =>
            MimeDocument.Compose("s@x.test", to, null, subject, text, headers, MimeCharset.Default, MimeEncoding.Default)).Code);

    [Fact]
    public void Recipients_expand_groups_and_never_take_names_for_addresses()
    {
        using var m = Import("From: s@x.test\r\n" +
            "To: Team: a@x.test, \"b@fake.test\" <b@x.test>;, c@x.test (d@fake.test)\r\n" +
            "Cc: =?utf-8?q?e=40fake.test?= <E@X.test>, A@x.test\r\n" +
            "Bcc: undisclosed-recipients:;\r\n\r\nbody\r\n");
        Assert.Equal(["a@x.test", "b@x.test", "c@x.test", "E@X.test", "f@x.test"], MimeRecipients.Enumerate(m, "f@x.test; e@x.test"));
    }

    [Fact]
    public void Addresses_parse_into_name_and_mailbox()
    {
        Assert.Equal(("Doe, John", "john@x.test"), MimeRecipients.Parse("\"Doe, John\" <john@x.test>"));
        Assert.Equal(("Jürgen", "j@x.test"), MimeRecipients.Parse("=?utf-8?q?J=C3=BCrgen?= <j@x.test>"));
        foreach (var bad in new[] { "\"open <a@x.test>", "(open a@x.test", "a@x.test, b@x.test", "nobody", "" })
            Assert.Equal(SmtpError.InvalidAddress, Assert.Throws<SmtpException>(() => MimeRecipients.Parse(bad)).Code);
    }

    [Fact]
    public void Attachments_make_a_multipart_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"smtpnative-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "attached bytes\n");
        try
        {
            using var m = MimeDocument.Compose("s@x.test", "a@x.test", null, "s", "body", null, MimeCharset.Default, MimeEncoding.Default);
            MimeDocument.AttachFile(m, path, MimeAttach.Default);
            string text = Export(m);
            Assert.Contains("multipart/mixed", text);
            Assert.Contains("YXR0YWNoZWQgYnl0ZXMK", text);
            Assert.Equal(SmtpError.FileNotFound, Assert.Throws<SmtpException>(() => MimeDocument.AttachFile(m, path + ".missing", 0)).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Hostile_messages_parse_deterministically_in_bounded_time()
    {
        var clock = Stopwatch.StartNew();
        string comments = "To: ok@x.test, " + new string('(', 200_000) + "\r\nCc: \"never closed <q@x.test>\r\nX-Huge: " +
            new string('a', 4 << 20) + "\r\n\r\nbody\r\n";
        using (var m = Import(comments))
            Assert.Empty(MimeRecipients.Enumerate(m, null));   // the strict parser drops both malformed lists

        var nested = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 5000; i++) nested.Append("--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        using (var m = Import(nested.ToString()))
            Assert.NotEmpty(MimeDocument.ToBytes(m));

        var groups = new StringBuilder("To: ");
        for (int i = 0; i < 1000; i++) groups.Append($"g{i}: ");
        groups.Append("deep@x.test").Append(';', 1000).Append("\r\n\r\nx\r\n");
        using (var m = Import(groups.ToString()))
            Assert.DoesNotContain("deep@x.test", MimeRecipients.Enumerate(m, null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"hostile parsing took {clock.Elapsed}");
    }
}
