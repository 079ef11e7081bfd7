using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// A caller's output buffer (<c>LPTSTR lpszBuffer, INT nMaxLength</c>) with the rule of spec §2:
/// nMaxLength counts characters (A: bytes; W: UTF-16 units) including the terminator; the return is
/// the count copied without the terminator; a NULL buffer or nMaxLength 0 returns the count needed
/// (without the terminator); too small copies what fits — never half a character — terminates, and
/// fails with ST_ERROR_BUFFER_TOO_SMALL. Nothing is ever written past nMaxLength.
/// </summary>
internal readonly unsafe struct TextBuffer
{
    private readonly void* _pointer;
    private readonly int _max;
    private readonly bool _wide;

    private TextBuffer(void* pointer, int max, bool wide)
    {
        _pointer = pointer;
        _max = max;
        _wide = wide;
    }

    public static TextBuffer Ansi(byte* p, int max) => new(p, max, false);
    public static TextBuffer Wide(char* p, int max) => new(p, max, true);

    /// <summary>Copies <paramref name="text"/> by the rule; throws BUFFER_TOO_SMALL after a truncated copy.</summary>
    public int Put(string text)
    {
        if (_max < 0)
            throw new SmtpException(SmtpError.InvalidParameter, "nMaxLength must not be negative");
        return _wide ? PutWide(text) : PutAnsi(text);
    }

    private int PutWide(string text)
    {
        if (_pointer == null || _max == 0) return text.Length;
        var dest = new Span<char>(_pointer, _max);
        if (text.Length < _max)
        {
            text.CopyTo(dest);
            dest[text.Length] = '\0';
            return text.Length;
        }
        int fit = _max - 1;
        if (fit > 0 && char.IsHighSurrogate(text[fit - 1])) fit--;
        text.AsSpan(0, fit).CopyTo(dest);
        dest[fit] = '\0';
        throw TooSmall(text.Length);
    }

    private int PutAnsi(string text)
    {
        byte[] encoded = Encode(text);
        if (_pointer == null || _max == 0) return encoded.Length;
        var dest = new Span<byte>(_pointer, _max);
        if (encoded.Length < _max)
        {
            encoded.CopyTo(dest);
            dest[encoded.Length] = 0;
            return encoded.Length;
        }
        int fit = _max - 1;
        if (!OperatingSystem.IsWindows())
            while (fit > 0 && (encoded[fit] & 0xC0) == 0x80) fit--;   // never end inside a UTF-8 sequence
        encoded.AsSpan(0, fit).CopyTo(dest);
        dest[fit] = 0;
        throw TooSmall(encoded.Length);
    }

    /// <summary>The A form of <paramref name="text"/>: UTF-8, or the ANSI code page on Windows.</summary>
    public static byte[] Encode(string text)
    {
        if (!OperatingSystem.IsWindows())
            return Encoding.UTF8.GetBytes(text);
        nint p = Marshal.StringToCoTaskMemAnsi(text);
        try
        {
            return MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)p).ToArray();
        }
        finally
        {
            Marshal.FreeCoTaskMem(p);
        }
    }

    private static SmtpException TooSmall(int needed) =>
        new(SmtpError.BufferTooSmall, $"The buffer is too small: {needed} characters and a terminator are needed");
}
