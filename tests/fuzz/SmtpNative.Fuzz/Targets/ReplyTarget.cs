using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// The reply reader on arbitrary server bytes: every reply it returns is within the documented bounds
/// with a valid code and printable text; everything else is ProtocolError / ReplyTooLarge / ConnectionClosed.
/// Each reply is also given to the EHLO capability parser.
/// </summary>
public sealed class ReplyTarget : IFuzzTarget, IDisposable
{
    private readonly Loopback _loopback = new();
    private readonly SmtpReply _reply = new();

    public string Name => "reply";

    public void Run(byte[] input)
    {
        using var connection = _loopback.Serve(input);
        int total = 0;
        while (true)
        {
            try
            {
                ReplyReader.Read(connection, _reply);
            }
            catch (SmtpException e) when (e.Code is SmtpError.ProtocolError or SmtpError.ReplyTooLarge or SmtpError.ConnectionClosed)
            {
                return;
            }
            Check(_reply);
            CapabilitiesTarget.Check(Capabilities.FromEhlo(_reply));
            total++;
            Property.Holds(total <= input.Length, "more replies than input bytes");
        }
    }

    public static void Check(SmtpReply reply)
    {
        Property.Holds(reply.Code is >= 200 and <= 599, $"reply code {reply.Code} out of range");
        Property.Holds(reply.LineCount is >= 1 and <= ReplyReader.MaxLines, $"{reply.LineCount} lines");
        int size = 0;
        for (int i = 0; i < reply.LineCount; i++)
        {
            Property.Holds(reply.Line(i).Length <= ReplyReader.MaxLineLength, "a line over the limit");
            size += reply.Line(i).Length;
        }
        Property.Holds(size <= ReplyReader.MaxReplySize, "a reply over the size limit");
        foreach (char c in reply.Text)
            Property.Holds(c == '\n' || !char.IsControl(c), $"control character U+{(int)c:X4} in the reply text");
        _ = reply.EnhancedStatus;
    }

    public void Dispose() => _loopback.Dispose();
}
