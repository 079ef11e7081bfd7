using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// Finds how much of a message is already exactly as DATA puts it on the wire, so that part is passed
/// on in one piece instead of line by line. One vector pass marks the control bytes; only those
/// positions (the CR and LF of each line) are looked at one by one.
/// </summary>
public static class CanonicalLines
{
    /// <summary>
    /// The length of the longest prefix of <paramref name="data"/> — which must start at the beginning of
    /// a line — made of whole lines that need no change: each ends in CRLF, none starts with '.', none is
    /// longer than <see cref="DotStuffingWriter.MaxLineLength"/> octets, and there is no NUL and no bare
    /// CR or LF. 0 when the first line needs attention (or is not complete).
    /// </summary>
    public static int Length(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] == (byte)'.')
            return 0;
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int lineStart = 0, i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 32 bytes a step; a bit for every byte up to '\r' (CR, LF, NUL, and the rare TAB or other
            // control byte, which the bit loop passes over) in one unsigned min and compare per 16 bytes.
            var controls = Vector128.Create((byte)'\r');
            for (; i + 32 <= length; i += 32)
            {
                var a = Vector128.LoadUnsafe(ref start, (nuint)i);
                var b = Vector128.LoadUnsafe(ref start, (nuint)i + 16);
                uint mask = Vector128.Equals(Vector128.Min(a, controls), a).ExtractMostSignificantBits()
                    | (Vector128.Equals(Vector128.Min(b, controls), b).ExtractMostSignificantBits() << 16);
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    byte c = Unsafe.Add(ref start, at);
                    if ((c != (byte)'\r' && c != (byte)'\n' && c != 0) || at == lineStart - 1)
                        continue;   // another control byte, or the LF of a CRLF already taken
                    if (!NextLine(ref start, length, at, ref lineStart))
                        return lineStart;
                    if (lineStart - 1 - i < 32)
                        mask &= ~(1u << (lineStart - 1 - i));   // the LF just taken with its CR
                }
            }
        }
        for (; i < length; i++)
        {
            byte b = Unsafe.Add(ref start, i);
            if (b > (byte)'\r' || (b != (byte)'\r' && b != (byte)'\n' && b != 0) || i == lineStart - 1)
                continue;
            if (!NextLine(ref start, length, i, ref lineStart))
                return lineStart;
        }
        return lineStart;
    }

    /// <summary>
    /// At a CR, LF or NUL at <paramref name="at"/>: when it is the CR of a CRLF ending a line of allowed
    /// length, moves <paramref name="lineStart"/> past the LF and says whether to go on (the new line does
    /// not start with '.'). Otherwise false, <paramref name="lineStart"/> unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NextLine(ref byte start, int length, int at, ref int lineStart)
    {
        if (Unsafe.Add(ref start, at) != (byte)'\r' || at + 1 >= length || Unsafe.Add(ref start, at + 1) != (byte)'\n'
            || at - lineStart > DotStuffingWriter.MaxLineLength)
            return false;
        lineStart = at + 2;
        return lineStart >= length || Unsafe.Add(ref start, lineStart) != (byte)'.';
    }
}
