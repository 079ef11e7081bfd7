namespace SmtpNative.Core.Protocol;

/// <summary>
/// Turns what a caller passes as an address (<c>a@b</c>, <c>&lt;a@b&gt;</c>, <c>Name &lt;a@b&gt;</c>) into the
/// bare mailbox that goes between the angle brackets of MAIL FROM / RCPT TO. Anything that could
/// change the command — control characters, spaces or brackets outside quotes, text after the
/// closing bracket (an ESMTP parameter) — is refused here, before anything is sent.
/// </summary>
public static class EnvelopeAddress
{
    /// <summary>Longest mailbox accepted (RFC 5321 §4.5.3.1.3 path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>The mailbox, or "" for the null reverse-path when <paramref name="allowNull"/>.</summary>
    public static string Parse(string input, bool allowNull = false)
    {
        foreach (char c in input)
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                throw Invalid(input, "contains a control character");

        var s = input.AsSpan().Trim();
        int open = FindUnquoted(s, '<');
        ReadOnlySpan<char> mailbox;
        if (open >= 0)
        {
            int close = FindUnquoted(s[open..], '>');
            if (close < 0 || open + close != s.Length - 1)
                throw Invalid(input, "has text after the closing '>'");
            mailbox = s.Slice(open + 1, close - 1).Trim();
        }
        else
        {
            mailbox = s;
        }

        if (mailbox.Length == 0)
        {
            if (allowNull) return "";
            throw Invalid(input, "is empty");
        }
        if (mailbox.Length > MaxLength)
            throw Invalid(input, "is too long");

        int at = mailbox.LastIndexOf('@');
        if (at <= 0 || at == mailbox.Length - 1)
            throw Invalid(input, "is not of the form local@domain");
        ValidateLocalPart(input, mailbox[..at]);
        ValidateDomain(input, mailbox[(at + 1)..]);
        return mailbox.ToString();
    }

    /// <summary>True when the mailbox needs SMTPUTF8 (RFC 6531).</summary>
    public static bool NeedsSmtpUtf8(string mailbox) => !System.Text.Ascii.IsValid(mailbox);

    private static readonly System.Globalization.IdnMapping Idn = new();

    /// <summary>
    /// The mailbox as it goes on the wire: an ASCII local part with a non-ASCII domain gets the
    /// domain's A-label (xn--...), so it needs no SMTPUTF8; anything else is returned unchanged.
    /// </summary>
    public static string ToWire(string mailbox)
    {
        if (System.Text.Ascii.IsValid(mailbox))
            return mailbox;
        int at = mailbox.LastIndexOf('@');
        if (at <= 0 || !System.Text.Ascii.IsValid(mailbox.AsSpan(0, at)) || mailbox[at + 1] == '[')
            return mailbox;
        try
        {
            return string.Concat(mailbox.AsSpan(0, at + 1), Idn.GetAscii(mailbox[(at + 1)..]));
        }
        catch (ArgumentException)
        {
            throw Invalid(mailbox, "has a domain that is not a valid internationalized domain name");
        }
    }

    /// <summary>RFC 3461 xtext: '+', '=' and anything outside '!'..'~' as "+XX".</summary>
    public static string Xtext(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length + 8);
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            if (b is < (byte)'!' or > (byte)'~' or (byte)'+' or (byte)'=')
                sb.Append('+').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append((char)b);
        }
        return sb.ToString();
    }

    private static void ValidateLocalPart(string input, ReadOnlySpan<char> local)
    {
        if (local.Length > 64 * 4)
            throw Invalid(input, "has a local part that is too long");
        if (local[0] == '"')
        {
            // quoted-string: printable characters, with backslash escapes; no bare quote inside.
            if (local.Length < 2 || local[^1] != '"')
                throw Invalid(input, "has an unterminated quoted local part");
            for (int i = 1; i < local.Length - 1; i++)
            {
                if (local[i] == '\\') { i++; if (i >= local.Length - 1) throw Invalid(input, "ends in a backslash"); continue; }
                if (local[i] == '"') throw Invalid(input, "has a stray quote");
            }
            return;
        }
        ValidateDotAtom(input, local);
    }

    private static void ValidateDomain(string input, ReadOnlySpan<char> domain)
    {
        if (domain[0] == '[')
        {
            // address literal: [1.2.3.4] or [IPv6:...]; only the characters those forms use.
            if (domain[^1] != ']')
                throw Invalid(input, "has an unterminated address literal");
            foreach (char c in domain[1..^1])
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or ':'))
                    throw Invalid(input, "has a malformed address literal");
            return;
        }
        ValidateDotAtom(input, domain);
    }

    // atext (RFC 5322) plus any non-ASCII letter (RFC 6531), dot-separated, no empty atoms.
    private static void ValidateDotAtom(string input, ReadOnlySpan<char> s)
    {
        if (s[0] == '.' || s[^1] == '.' || s.Contains("..", StringComparison.Ordinal))
            throw Invalid(input, "has an empty part between dots");
        foreach (char c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c > 0x7F && !char.IsWhiteSpace(c)) continue;
            if ("!#$%&'*+-/=?^_`{|}~.".Contains(c)) continue;
            throw Invalid(input, $"contains the character '{c}' outside quotes");
        }
    }

    private static int FindUnquoted(ReadOnlySpan<char> s, char target)
    {
        bool quoted = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\' && quoted) { i++; continue; }
            if (c == '"') quoted = !quoted;
            else if (c == target && !quoted) return i;
        }
        return -1;
    }

    /// <summary>
    /// Splits a recipient list at commas and semicolons that are outside quotes and angle brackets,
    /// and parses each entry. Empty entries are skipped.
    /// </summary>
    public static List<string> ParseList(string list)
    {
        var result = new List<string>();
        bool quoted = false, angle = false;
        int start = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            char c = i < list.Length ? list[i] : ',';
            if (c == '\\' && quoted) { i++; continue; }
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '<') angle = true;
            else if (!quoted && c == '>') angle = false;
            else if (!quoted && !angle && c is ',' or ';')
            {
                var item = list.AsSpan(start, i - start).Trim();
                if (item.Length > 0) result.Add(Parse(item.ToString()));
                start = i + 1;
            }
        }
        if (quoted || angle)
            throw Invalid(list, "has an unterminated quote or angle bracket");
        return result;
    }

    private static SmtpException Invalid(string input, string why) =>
        new(SmtpError.InvalidAddress, $"The address '{Printable(input)}' {why}");

    private static string Printable(string s)
    {
        var chars = s.Length > 80 ? s[..80].ToCharArray() : s.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = '?';
        return new string(chars);
    }
}
