using MimeKit;
using MimeKit.Utils;

namespace SmtpNative.Core.Session;

/// <summary>The server part of SmtpSubmitMessage (SMTPSERVER).</summary>
public sealed record SubmitServer(string Host, int Port, int TimeoutSeconds, SmtpOptions Options, string? User, string? Password);

/// <summary>The message part of SmtpSubmitMessage (SMTPMESSAGEEX); null or "" means "not given".</summary>
public sealed record SubmitMessage(string From, string To, string? Cc, string? Bcc, string? Date, string? Subject,
    string? Headers, string? Text, string? Html, string? Attachments);

/// <summary>
/// SmtpSubmitMessage in one call: compose with MimeKit, connect, authenticate when a user name is
/// given, send to To, Cc and Bcc, disconnect. Bcc addresses go into the envelope only, never a header.
/// </summary>
public static class Submission
{
    public static void Submit(SubmitServer server, SubmitMessage message, string? localName = null)
    {
        var mime = Compose(message, out string sender, out string recipients);
        using var stream = new MemoryStream();
        Mime.MimeDocument.WriteTo(mime, stream);

        using var session = SmtpSession.Connect(server.Host, server.Port, server.TimeoutSeconds, server.Options, localName);
        if (!string.IsNullOrEmpty(server.User))
            session.Authenticate(Auth.SmtpAuthType.Default, server.User, server.Password ?? "");
        session.SendMessage(sender, recipients, MessageContent.FromMemory(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        session.Quit();
    }

    /// <summary>The MIME message, its envelope sender and every envelope recipient (To, Cc, Bcc).</summary>
    public static MimeMessage Compose(SubmitMessage m, out string sender, out string recipients)
    {
        var from = Addresses(m.From, "lpszFrom");
        var to = Addresses(m.To, "lpszTo");
        var cc = Addresses(m.Cc, "lpszCc");
        var bcc = Addresses(m.Bcc, "lpszBcc");
        if (from.Mailboxes.FirstOrDefault() is not { } author)
            throw new SmtpException(SmtpError.InvalidAddress, "lpszFrom must name the sender");
        if (to.Count == 0)
            throw new SmtpException(SmtpError.InvalidAddress, "lpszTo must name at least one recipient");

        var message = new MimeMessage();
        message.From.AddRange(from);
        message.To.AddRange(to);
        message.Cc.AddRange(cc);
        message.Subject = m.Subject ?? "";
        message.Date = string.IsNullOrEmpty(m.Date) ? DateTimeOffset.Now
            : DateUtils.TryParse(m.Date, out var date) ? date
            : throw new SmtpException(SmtpError.InvalidParameter, "lpszDate is not an RFC 5322 date");
        Mime.MimeDocument.AddHeaderLines(message, m.Headers, System.Text.Encoding.UTF8, "lpszHeaders");

        var body = new BodyBuilder { TextBody = NullIfEmpty(m.Text), HtmlBody = NullIfEmpty(m.Html) };
        foreach (var path in Split(m.Attachments))
        {
            if (!File.Exists(path))
                throw new SmtpException(SmtpError.FileNotFound, "An attachment cannot be found");
            body.Attachments.Add(path);
        }
        message.Body = body.ToMessageBody();

        sender = author.Address;
        recipients = string.Join(",", new InternetAddressList(to.Concat(cc).Concat(bcc)).Mailboxes
            .Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase));
        return message;
    }

    private static InternetAddressList Addresses(string? text, string what) => Mime.MimeDocument.AddressList(text, what);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
