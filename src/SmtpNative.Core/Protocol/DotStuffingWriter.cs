using System.Buffers;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// Writes message content as DATA needs it on the wire, whatever the caller passed: every bare CR,
/// bare LF or CRLF becomes CRLF, a '.' at the start of a line is doubled, and the end adds CRLF
/// (if missing) and the final ".". NUL bytes and lines over 998 octets are refused. The state carries
/// across calls, so content may be split anywhere — even between CR and LF — with the same result.
/// This is what makes SMTP smuggling impossible through this library: no bare-LF or bare-CR
/// end-of-data sequence can reach the server.
/// </summary>
public struct DotStuffingWriter
{
    /// <summary>Longest line, CRLF excluded (RFC 5321 §4.5.3.1.6).</summary>
    public const int MaxLineLength = 998;

    private static readonly SearchValues<byte> Special = SearchValues.Create("\r\n\0"u8);
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private bool _noStuffing;  // BDAT: line ends are made canonical, but no dot is doubled or added
    private bool _midLine;     // at least one byte of the current line was written
    private bool _pendingCr;   // the last byte seen was CR: an LF next belongs to it
    private int _lineLength;

    /// <summary>A writer for DATA (<paramref name="dotStuffing"/> true) or for BDAT chunks (false: no dot is doubled).</summary>
    public DotStuffingWriter(bool dotStuffing) => _noStuffing = !dotStuffing;

    /// <summary>True when <paramref name="data"/> holds a byte over 0x7F.</summary>
    public static bool HasEightBit(ReadOnlySpan<byte> data) => data.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    /// <summary>
    /// Checks content without writing it: the error <see cref="Write"/> would raise, raised before a
    /// single byte goes to the server.
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> data)
    {
        var probe = new DotStuffingWriter();
        probe.Write(data, null);
    }

    /// <summary>Writes a piece of content; <paramref name="output"/> null only checks it.</summary>
    public void Write(ReadOnlySpan<byte> data, IByteSink? output)
    {
        while (!data.IsEmpty)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (data[0] == (byte)'\n')
                {
                    data = data[1..];
                    continue;
                }
            }
            // The added dot is transparency, not text: it does not count toward the 998-octet limit
            // (RFC 5321 §4.5.3.1.6).
            if (!_midLine && data[0] == (byte)'.' && !_noStuffing)
                output?.WriteByte((byte)'.');
            int special = data.IndexOfAny(Special);
            var run = special < 0 ? data : data[..special];
            if (!run.IsEmpty)
            {
                _lineLength += run.Length;
                if (_lineLength > MaxLineLength)
                    throw new SmtpException(SmtpError.InvalidMessage, $"The message has a line longer than {MaxLineLength} octets");
                output?.Write(run);
                _midLine = true;
            }
            if (special < 0)
                return;
            byte b = data[special];
            if (b == 0)
                throw new SmtpException(SmtpError.InvalidMessage, "The message contains a NUL byte");
            output?.Write(CrLf);
            _midLine = false;
            _lineLength = 0;
            if (b == (byte)'\r')
            {
                if (special + 1 < data.Length)
                {
                    data = data[(special + (data[special + 1] == (byte)'\n' ? 2 : 1))..];
                    continue;
                }
                _pendingCr = true;
            }
            data = data[(special + 1)..];
        }
    }

    /// <summary>Ends the content: CRLF if the last line was open, then ".", CRLF.</summary>
    public void Finish(IByteSink output)
    {
        EndLastLine(output);
        output.Write(".\r\n"u8);
    }

    /// <summary>Ends the content without the end-of-data mark (BDAT): CRLF if the last line was open.</summary>
    public void EndLastLine(IByteSink output)
    {
        if (_midLine)
            output.Write(CrLf);
        this = new DotStuffingWriter(!_noStuffing);
    }
}
