using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// The EHLO capability parser: the input is the text of an EHLO reply, one keyword line per input line,
/// sent as a well-formed multi-line 250 reply so that mutations reach the parser rather than the framing.
/// </summary>
public sealed class CapabilitiesTarget : IFuzzTarget, IDisposable
{
    private readonly Loopback _loopback = new();
    private readonly SmtpReply _reply = new();

    public string Name => "ehlo";

    public void Run(byte[] input)
    {
        var lines = Split(input);
        var framed = new List<byte>(input.Length + 8 * lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            framed.AddRange(Encoding.ASCII.GetBytes(i == lines.Count - 1 ? "250 " : "250-"));
            framed.AddRange(lines[i]);
            framed.AddRange("\r\n"u8.ToArray());
        }
        using var connection = _loopback.Serve(framed.ToArray());
        try
        {
            ReplyReader.Read(connection, _reply);
        }
        catch (SmtpException e) when (e.Code is SmtpError.ReplyTooLarge or SmtpError.ProtocolError or SmtpError.ConnectionClosed)
        {
            return;
        }
        Check(Capabilities.FromEhlo(_reply));
    }

    private static List<byte[]> Split(byte[] input)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= input.Length; i++)
        {
            if (i < input.Length && input[i] != '\n') continue;
            int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
            lines.Add(input[start..end]);
            start = i + 1;
        }
        return lines;
    }

    public static void Check(Capabilities caps)
    {
        Property.Holds(caps.Lines.Count <= Capabilities.MaxKeywords, $"{caps.Lines.Count} keyword lines kept");
        Property.Holds(caps.AuthMechanisms.Count <= 32, $"{caps.AuthMechanisms.Count} AUTH mechanisms kept");
        Property.Holds(caps.MaxMessageSize >= 0, "negative SIZE");
        foreach (var line in caps.Lines)
            foreach (char c in line)
                Property.Holds(!char.IsControl(c), "control character in a keyword line");
        foreach (var m in caps.AuthMechanisms)
            Property.Holds(m.Length > 0 && !m.Any(char.IsControl) && !m.Contains(' '), $"bad mechanism name '{m}'");
    }

    public void Dispose() => _loopback.Dispose();
}
