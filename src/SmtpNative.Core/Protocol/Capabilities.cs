using System.Text;

namespace SmtpNative.Core.Protocol;

/// <summary>Extension bits of <c>SmtpGetExtendedOptions</c> (<c>SMTP_EXTOPT_*</c>).</summary>
[Flags]
public enum SmtpExtensions : uint
{
    /// <summary>No extension (a HELO-only server, or nothing advertised).</summary>
    None = 0,
    /// <summary>EXPN: mailing-list expansion (SmtpExpandAddress).</summary>
    Expn = 0x00001,
    /// <summary>VRFY: address verification (SmtpVerifyAddress).</summary>
    Vrfy = 0x00002,
    /// <summary>DSN (RFC 3461): delivery status notifications (SmtpSetDeliveryOptions).</summary>
    Dsn = 0x00004,
    /// <summary>SIZE (RFC 1870): the server announces its message size limit (SmtpGetMaxMessageSize).</summary>
    Size = 0x00008,
    /// <summary>ETRN (RFC 1985): remote queue start.</summary>
    Etrn = 0x00010,
    /// <summary>8BITMIME (RFC 6152): 8-bit message content (BODY=8BITMIME).</summary>
    Eightbitmime = 0x00020,
    /// <summary>AUTH LOGIN offered.</summary>
    Authlogin = 0x00040,
    /// <summary>AUTH PLAIN offered.</summary>
    Authplain = 0x00080,
    /// <summary>AUTH CRAM-MD5 offered.</summary>
    Authcrammd5 = 0x00100,
    /// <summary>AUTH XOAUTH2 offered.</summary>
    Authxoauth2 = 0x00200,
    /// <summary>AUTH OAUTHBEARER (RFC 7628) offered.</summary>
    Authbearer = 0x00400,
    /// <summary>STARTTLS (RFC 3207) offered.</summary>
    Starttls = 0x00800,
    /// <summary>PIPELINING (RFC 2920): used by default.</summary>
    Pipelining = 0x01000,
    /// <summary>CHUNKING (RFC 3030): BDAT, used by default.</summary>
    Chunking = 0x02000,
    /// <summary>BINARYMIME (RFC 3030).</summary>
    Binarymime = 0x04000,
    /// <summary>SMTPUTF8 (RFC 6531): internationalized addresses.</summary>
    Smtputf8 = 0x08000,
    /// <summary>ENHANCEDSTATUSCODES (RFC 2034): replies carry x.y.z codes (SmtpGetEnhancedStatus).</summary>
    Enhancedstatuscodes = 0x10000,
    /// <summary>REQUIRETLS (RFC 8689) offered.</summary>
    Requiretls = 0x20000,
    /// <summary>AUTH SCRAM-SHA-256 (RFC 7677) offered.</summary>
    Authscramsha256 = 0x40000,
}

/// <summary>What the server said it supports in its EHLO reply.</summary>
public sealed class Capabilities
{
    /// <summary>Most extension lines kept (the reply itself is bounded by <see cref="ReplyReader"/>).</summary>
    public const int MaxKeywords = 128;

    public static readonly Capabilities None = new();

    /// <summary>True when the server answered EHLO (ESMTP), false after a HELO fallback.</summary>
    public bool IsExtended { get; private init; }
    public SmtpExtensions Flags { get; private init; }
    /// <summary>The SIZE limit in bytes; 0 when none was advertised or the server said "SIZE 0" (no limit).</summary>
    public long MaxMessageSize { get; private init; }
    /// <summary>SASL mechanisms from the AUTH line(s), upper case.</summary>
    public IReadOnlyList<string> AuthMechanisms { get; private init; } = [];
    /// <summary>The keyword lines as the server sent them (after the greeting line), control characters removed.</summary>
    public IReadOnlyList<string> Lines { get; private init; } = [];

    public bool Has(SmtpExtensions e) => (Flags & e) == e;

    /// <summary>Parses a 250 reply to EHLO. Line 0 is the greeting; each later line is "KEYWORD params".</summary>
    public static Capabilities FromEhlo(SmtpReply reply)
    {
        var flags = SmtpExtensions.None;
        long size = 0;
        var auth = new List<string>();
        var lines = new List<string>();
        for (int i = 1; i < reply.LineCount && lines.Count < MaxKeywords; i++)
        {
            string line = Clean(reply.Line(i));
            if (line.Length == 0) continue;
            lines.Add(line);
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string keyword = parts[0].ToUpperInvariant();
            switch (keyword)
            {
                case "EXPN": flags |= SmtpExtensions.Expn; break;
                case "VRFY": flags |= SmtpExtensions.Vrfy; break;
                case "DSN": flags |= SmtpExtensions.Dsn; break;
                case "ETRN": flags |= SmtpExtensions.Etrn; break;
                case "8BITMIME": flags |= SmtpExtensions.Eightbitmime; break;
                case "STARTTLS": flags |= SmtpExtensions.Starttls; break;
                case "PIPELINING": flags |= SmtpExtensions.Pipelining; break;
                case "CHUNKING": flags |= SmtpExtensions.Chunking; break;
                case "BINARYMIME": flags |= SmtpExtensions.Binarymime; break;
                case "SMTPUTF8": flags |= SmtpExtensions.Smtputf8; break;
                case "ENHANCEDSTATUSCODES": flags |= SmtpExtensions.Enhancedstatuscodes; break;
                case "REQUIRETLS": flags |= SmtpExtensions.Requiretls; break;
                case "SIZE":
                    flags |= SmtpExtensions.Size;
                    if (parts.Length > 1 && long.TryParse(parts[1], out long n) && n > 0) size = n;
                    break;
                default:
                    if (keyword == "AUTH" || keyword.StartsWith("AUTH=", StringComparison.Ordinal))
                    {
                        var mechs = keyword == "AUTH" ? parts.AsSpan(1) : (string[])[keyword[5..], .. parts.AsSpan(1)];
                        foreach (var m in mechs)
                        {
                            string mech = m.ToUpperInvariant();
                            if (mech.Length == 0 || auth.Count >= 32 || auth.Contains(mech)) continue;
                            auth.Add(mech);
                            flags |= mech switch
                            {
                                "LOGIN" => SmtpExtensions.Authlogin,
                                "PLAIN" => SmtpExtensions.Authplain,
                                "CRAM-MD5" => SmtpExtensions.Authcrammd5,
                                "XOAUTH2" => SmtpExtensions.Authxoauth2,
                                "OAUTHBEARER" => SmtpExtensions.Authbearer,
                                "SCRAM-SHA-256" => SmtpExtensions.Authscramsha256,
                                _ => SmtpExtensions.None,
                            };
                        }
                    }
                    break;
            }
        }
        return new Capabilities { IsExtended = true, Flags = flags, MaxMessageSize = size, AuthMechanisms = auth, Lines = lines };
    }

    /// <summary>Capabilities of a server that only speaks HELO.</summary>
    public static Capabilities Helo() => new() { IsExtended = false };

    private static string Clean(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (char c in Encoding.UTF8.GetString(raw))
            if (!char.IsControl(c)) sb.Append(c);
        return sb.ToString().Trim();
    }
}
