using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// Largest piece checked before it is passed on: the send of one piece (which returns once the kernel
    /// has it) overlaps the check of the next, instead of a whole large message being checked first.
    /// Larger than the connection's write buffer, so a piece goes out without a copy.
    /// </summary>
    private const int PieceLimit = 128 * 1024;

    private static readonly SearchValues<byte> Special = SearchValues.Create("\r\n\0"u8);
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private bool _noStuffing;  // BDAT: line ends are made canonical, but no dot is doubled or added
    private bool _midLine;     // at least one byte of the current line was written
    private bool _pendingCr;   // the last byte seen was CR: an LF next belongs to it
    private int _lineLength;

    /// <summary>A writer for DATA (<paramref name="dotStuffing"/> true) or for BDAT chunks (false: no dot is doubled).</summary>
    public DotStuffingWriter(bool dotStuffing) => _noStuffing = !dotStuffing;

    /// <summary>True when <paramref name="data"/> holds a byte over 0x7F.</summary>
    public static bool HasEightBit(ReadOnlySpan<byte> data) => !System.Text.Ascii.IsValid(data);

    /// <summary>
    /// Checks content without writing it: the error <see cref="Write"/> would raise, raised before a
    /// single byte goes to the server. Returns true when the content holds 8-bit bytes (found by the
    /// same pass that looks for NUL).
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> data)
    {
        var check = new ContentCheck();
        check.Add(data);
        return check.EightBit;
    }

    /// <summary>
    /// Line lengths of whole lines (<paramref name="lines"/> starts at a line start) without visiting
    /// every line: from a line start, the last line end within the next MaxLineLength bytes closes only
    /// lines that fit, so the check jumps past it. Only a window with no line end at all (a line of
    /// MaxLineLength or more) is looked at byte for byte.
    /// </summary>
    internal static void CheckLineLengths(ReadOnlySpan<byte> lines)
    {
        int lineStart = 0;
        while (lines.Length - lineStart >= MaxLineLength)
        {
            int last = lines.Slice(lineStart, MaxLineLength).LastIndexOfAny((byte)'\r', (byte)'\n');
            if (last < 0)
            {
                var probe = new DotStuffingWriter();
                probe.Write(lines[lineStart..], null);
                return;
            }
            lineStart += last + 1;
        }
    }

    /// <summary>Whether <paramref name="data"/> holds a NUL byte and whether a byte over 0x7F, in one pass of 64-byte steps.</summary>
    internal static (bool Nul, bool EightBit) NulAndEightBit(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int i = 0;
        bool nul = false, eightBit = false;
        if (Vector128.IsHardwareAccelerated)
        {
            var zeros = Vector128<byte>.Zero;
            var any = Vector128<byte>.Zero;
            for (; i + 64 <= data.Length; i += 64)
            {
                var a = Vector128.LoadUnsafe(ref start, (nuint)i);
                var b = Vector128.LoadUnsafe(ref start, (nuint)i + 16);
                var c = Vector128.LoadUnsafe(ref start, (nuint)i + 32);
                var d = Vector128.LoadUnsafe(ref start, (nuint)i + 48);
                any |= a | b | c | d;
                zeros |= Vector128.Equals(Vector128.Min(Vector128.Min(a, b), Vector128.Min(c, d)), Vector128<byte>.Zero);
            }
            nul = zeros != Vector128<byte>.Zero;
            eightBit = any.ExtractMostSignificantBits() != 0;
        }
        for (; i < data.Length; i++)
        {
            byte x = Unsafe.Add(ref start, i);
            nul |= x == 0;
            eightBit |= x >= 0x80;
        }
        return (nul, eightBit);
    }

    /// <summary>Writes a piece of content; <paramref name="output"/> null only checks it.</summary>
    public void Write(ReadOnlySpan<byte> data, IByteSink? output)
    {
        while (!data.IsEmpty)
        {
            if (!_midLine && !_pendingCr)
            {
                // Whole lines that are already canonical go on in one piece; the line loop below only
                // sees the lines that need a change (and a last, incomplete line).
                int canonical = CanonicalLines.Length(data.Length > PieceLimit ? data[..PieceLimit] : data);
                if (canonical > 0)
                {
                    output?.Write(data[..canonical]);
                    data = data[canonical..];
                    if (data.IsEmpty)
                        return;
                }
            }
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
