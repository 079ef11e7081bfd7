using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// A string parameter as the caller passed it: an A pointer (UTF-8 here, the ANSI code page on
/// Windows) or a W pointer (UTF-16). Decoding happens only when the export asks, inside its guard,
/// so text that is not valid in its encoding becomes ST_ERROR_INVALID_PARAMETER, never a crash.
/// </summary>
internal readonly unsafe struct TextArg
{
    /// <summary>Longest string parameter read (a safeguard against an unterminated buffer running on).</summary>
    public const int MaxLength = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly void* _pointer;
    private readonly bool _wide;

    private TextArg(void* pointer, bool wide)
    {
        _pointer = pointer;
        _wide = wide;
    }

    public static TextArg Ansi(byte* p) => new(p, false);
    public static TextArg Wide(char* p) => new(p, true);

    public bool IsNull => _pointer == null;

    /// <summary>The text, or null for a NULL pointer.</summary>
    public string? Value => _pointer == null ? null : _wide ? DecodeWide((char*)_pointer) : DecodeAnsi((byte*)_pointer);

    /// <summary>
    /// Like <see cref="Value"/>, but when the caller passes the same text as the last time this cache saw,
    /// the string made then is returned: a loop sending with one sender makes no new string per call.
    /// </summary>
    public string? CachedValue(TextCache cache)
    {
        if (_pointer == null) return null;
        var raw = _wide
            ? MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((char*)_pointer))
            : MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)_pointer);
        return cache.Find(raw, _wide) ?? cache.Store(raw, _wide, Value!);
    }

    /// <summary>The text; a NULL pointer is ST_ERROR_INVALID_PARAMETER naming the parameter.</summary>
    public string Required(string name) =>
        Value ?? throw new SmtpException(SmtpError.InvalidParameter, $"The parameter {name} must not be NULL");

    private static string DecodeAnsi(byte* p)
    {
        if (OperatingSystem.IsWindows())
            return Marshal.PtrToStringAnsi((nint)p) ?? "";
        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
        if (bytes.Length > MaxLength)
            throw new SmtpException(SmtpError.InvalidParameter, "A string parameter is too long");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new SmtpException(SmtpError.InvalidParameter, "A string parameter is not valid UTF-8");
        }
    }

    private static string DecodeWide(char* p)
    {
        var chars = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
        if (chars.Length > MaxLength)
            throw new SmtpException(SmtpError.InvalidParameter, "A string parameter is too long");
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (char.IsSurrogate(chars[i]))
                throw new SmtpException(SmtpError.InvalidParameter, "A string parameter is not valid UTF-16 (lone surrogate)");
        }
        return new string(chars);
    }
}
