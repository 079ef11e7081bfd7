using MimeKit;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Core.Mime;

/// <summary>Envelope recipients from headers, and single-address parsing.</summary>
public static class MimeRecipients
{
    /// <summary>
    /// Every mailbox of To, Cc and Bcc (groups expanded), then of <paramref name="extra"/>, in that
    /// order, duplicates removed (case-insensitive). The extra list may also be separated by semicolons. Only addr-specs become addresses: display names,
    /// comments and encoded-words never do. Mailboxes that could not go into RCPT TO (no domain,
    /// control characters) are left out, so every item can be passed to SmtpSendMessage.
    /// </summary>
    public static List<string> Enumerate(MimeMessage? message, string? extra)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        void Add(InternetAddressList list)
        {
            foreach (var mailbox in list.Mailboxes)
            {
                string? address = Envelope(mailbox.Address);
                if (address is not null && seen.Add(address))
                    result.Add(address);
            }
        }
        if (message is not null)
        {
            Add(message.To);
            Add(message.Cc);
            Add(message.Bcc);
        }
        if (!string.IsNullOrWhiteSpace(extra))
        {
            // An RFC 5322 list (groups, comments), or else the envelope form SmtpSendMessage takes
            // (commas or semicolons), which refuses what is neither with ST_ERROR_INVALID_ADDRESS.
            if (InternetAddressList.TryParse(MimeLimits.Parser, extra, out var list))
                Add(list);
            else
                foreach (var address in EnvelopeAddress.ParseList(extra))
                    if (seen.Add(address))
                        result.Add(address);
        }
        return result;
    }

    /// <summary>Splits "Name &lt;a@b&gt;" (or "a@b (Name)") into the display name and the address.</summary>
    public static (string Name, string Address) Parse(string text)
    {
        if (!MailboxAddress.TryParse(MimeLimits.Parser, text, out var mailbox) || Envelope(mailbox.Address) is not { } address)
            throw new SmtpException(SmtpError.InvalidAddress, "The text is not a single valid e-mail address");
        return (DisplayName(mailbox.Name), address);
    }

    /// <summary>
    /// The display name as one line: a caller writes it into a header, so a CR or LF (which a comment or
    /// a folded header can carry) must never start a new header line. Line breaks and tabs fold to one
    /// space; other control characters are dropped.
    /// </summary>
    private static string DisplayName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !name.AsSpan().ContainsAnyInRange('\0', '\u001F') && !name.Contains('\u007F'))
            return name ?? "";
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (c is '\r' or '\n' or '\t')
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
            }
            else if (!char.IsControl(c) || c == '\0')
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Trim();
    }

    private static string? Envelope(string address)
    {
        try
        {
            return EnvelopeAddress.Parse(address);
        }
        catch (SmtpException)
        {
            return null;
        }
    }
}
