using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// Finds how much of a message is already exactly as DATA puts it on the wire, so that part is passed
/// on in one piece instead of line by line. One vector pass marks CR, LF and NUL; only those positions
/// (two per line) are looked at one by one.
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
            var cr = Vector128.Create((byte)'\r');
            var lf = Vector128.Create((byte)'\n');
            for (; i + Vector128<byte>.Count <= length; i += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                uint mask = (Vector128.Equals(v, cr) | Vector128.Equals(v, lf) | Vector128.Equals(v, Vector128<byte>.Zero)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (at == lineStart - 1)
                        continue;   // the LF of a CRLF already taken
                    if (!NextLine(ref start, length, at, ref lineStart))
                        return lineStart;
                    if (lineStart - 1 < i + Vector128<byte>.Count)
                        mask &= ~(1u << (lineStart - 1 - i));
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
