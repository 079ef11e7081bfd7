using System.Text;
using MimeKit;

namespace SmtpNative.Core.Mime;

/// <summary>The message behind an HMESSAGE: compose, import, attach, export (MimeKit).</summary>
public static class MimeDocument
{
    /// <summary>Parses a whole message; input that is not a message is ST_ERROR_INVALID_MESSAGE.</summary>
    public static MimeMessage Load(Stream stream)
    {
        try
        {
            return MimeMessage.Load(MimeLimits.Parser, stream);
        }
        catch (FormatException e)
        {
            throw new SmtpException(SmtpError.InvalidMessage, "The data is not a MIME message: " + e.Message);
        }
    }

    /// <summary>
    /// A new text/plain message. <paramref name="to"/> and <paramref name="cc"/> are address lists
    /// (commas); <paramref name="extraHeaders"/> are "Name: value" lines (CRLF or LF separated,
    /// folded lines allowed).
    /// </summary>
    public static MimeMessage Compose(string? from, string? to, string? cc, string? subject, string? text,
        string? extraHeaders, MimeCharset charset, MimeEncoding encoding)
    {
        var enc = EncodingOf(charset, (subject ?? "") + (text ?? ""));
        var message = new MimeMessage();
        AddAddresses(message.From, from, "lpszFrom");
        AddAddresses(message.To, to, "lpszTo");
        AddAddresses(message.Cc, cc, "lpszCc");
        if (subject is not null)
        {
            RequireNoControl(subject, "lpszSubject");
            message.Headers.Replace(HeaderId.Subject, enc, subject);
        }
        AddHeaderLines(message, extraHeaders, enc, "lpszExtraHeaders");
        if (string.IsNullOrEmpty(message.MessageId))
            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();

        var body = new TextPart("plain");
        body.SetText(enc, text ?? "");
        body.ContentTransferEncoding = TransferEncoding(encoding, body);
        message.Body = body;
        return message;
    }

    /// <summary>Adds a file as an attachment; the message becomes multipart/mixed if it was not.</summary>
    public static void AttachFile(MimeMessage message, string path, MimeAttach options)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SmtpException(SmtpError.FileNotFound, $"Cannot read the attachment: {e.Message}");
        }
        var part = new MimePart(MimeTypes.GetMimeType(path))
        {
            Content = new MimeContent(new MemoryStream(data, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = options switch
            {
                MimeAttach.Default or MimeAttach.Base64 => ContentEncoding.Base64,
                MimeAttach.QuotedPrintable => ContentEncoding.QuotedPrintable,
                _ => throw new SmtpException(SmtpError.InvalidParameter, "dwOptions is not a MIME_ATTACH_* value"),
            },
            FileName = Path.GetFileName(path),
        };
        if (message.Body is Multipart { ContentType.MediaSubtype: "mixed" } mixed)
        {
            mixed.Add(part);
            return;
        }
        var multipart = new Multipart("mixed");
        if (message.Body is not null)
            multipart.Add(message.Body);
        multipart.Add(part);
        message.Body = multipart;
    }

    /// <summary>Writes the message with CRLF line ends.</summary>
    public static void WriteTo(MimeMessage message, Stream stream) => message.WriteTo(MimeLimits.Format, stream);

    /// <summary>The message as bytes (for MIME_EXPORT_MEMORY and sending).</summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        using var ms = new MemoryStream();
        WriteTo(message, ms);
        return ms.ToArray();
    }

    private static void AddAddresses(InternetAddressList list, string? text, string parameter) =>
        list.AddRange(AddressList(text, parameter));

    /// <summary>
    /// An address list as callers write it: RFC 5322 (commas, groups, comments), or separated by
    /// semicolons as the original API allowed. Empty for null or blank; ST_ERROR_INVALID_ADDRESS otherwise.
    /// </summary>
    public static InternetAddressList AddressList(string? text, string parameter)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        RequireNoControl(text, parameter);
        if (InternetAddressList.TryParse(MimeLimits.Parser, text, out var parsed)
            || InternetAddressList.TryParse(MimeLimits.Parser, text.Replace(';', ','), out parsed))
            return parsed;
        throw new SmtpException(SmtpError.InvalidAddress, $"{parameter} is not a valid address list");
    }

    private static void RequireNoControl(string text, string parameter)
    {
        foreach (char c in text)
            if (char.IsControl(c) && c != '\t')
                throw new SmtpException(SmtpError.InvalidParameter, $"{parameter} contains a control character (CR, LF, NUL, ...)");
    }

    /// <summary>
    /// Adds caller-written header lines ("Name: value", CRLF or LF separated, folded lines joined).
    /// A line that is not a header, or a value with a control character (header injection), is refused.
    /// </summary>
    public static void AddHeaderLines(MimeMessage message, string? text, Encoding encoding, string parameter)
    {
        if (text is null) return;
        foreach (var (name, value) in HeaderLines(text, parameter))
            message.Headers.Add(new Header(encoding, name, value));
    }

    private static List<(string Name, string Value)> HeaderLines(string text, string parameter)
    {
        var result = new List<(string, string)>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Length == 0) continue;
            if (raw[0] is ' ' or '\t' && result.Count > 0)
            {
                var (n, v) = result[^1];
                result[^1] = (n, v + " " + raw.Trim());
                continue;
            }
            int colon = raw.IndexOf(':');
            string name = colon > 0 ? raw[..colon].Trim() : "";
            if (name.Length == 0 || !name.All(c => c > ' ' && c < 127 && c != ':'))
                throw new SmtpException(SmtpError.InvalidParameter, $"{parameter}: each line must be 'Name: value'");
            string value = raw[(colon + 1)..].Trim();
            RequireNoControl(value, parameter);
            result.Add((name, value));
        }
        return result;
    }

    private static Encoding EncodingOf(MimeCharset charset, string text) => charset switch
    {
        MimeCharset.Default => Ascii.IsValid(text) ? Encoding.ASCII : Encoding.UTF8,
        MimeCharset.Utf8 => Encoding.UTF8,
        MimeCharset.UsAscii => Ascii.IsValid(text) ? Encoding.ASCII
            : throw new SmtpException(SmtpError.InvalidParameter, "The text is not ASCII but MIME_CHARSET_US_ASCII was asked"),
        MimeCharset.Iso88591 => text.All(c => c <= '\u00FF') ? Encoding.Latin1
            : throw new SmtpException(SmtpError.InvalidParameter, "The text has characters outside ISO-8859-1"),
        _ => throw new SmtpException(SmtpError.InvalidParameter, "nCharSet is not a MIME_CHARSET_* value"),
    };

    private static ContentEncoding TransferEncoding(MimeEncoding encoding, MimePart part) => encoding switch
    {
        MimeEncoding.Default or MimeEncoding.SevenBit => part.GetBestEncoding(EncodingConstraint.SevenBit),
        MimeEncoding.EightBit => ContentEncoding.EightBit,
        MimeEncoding.QuotedPrintable => ContentEncoding.QuotedPrintable,
        MimeEncoding.Base64 => ContentEncoding.Base64,
        _ => throw new SmtpException(SmtpError.InvalidParameter, "nEncoding is not a MIME_ENCODING_* value"),
    };
}
