using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// A caller's list buffer (<c>LPTSTR lpszBuffer, LPDWORD lpcchBuffer</c>, spec §2): items each
/// NUL-terminated, the list ending with an empty item. *lpcchBuffer is the size in characters on the way
/// in and what the whole list needs on the way out; a NULL buffer only asks. Too small: the buffer gets
/// an empty list and the call fails with ST_ERROR_BUFFER_TOO_SMALL. Returns the item count.
/// </summary>
internal readonly unsafe struct TextList
{
    private readonly void* _pointer;
    private readonly uint* _size;
    private readonly bool _wide;

    private TextList(void* pointer, uint* size, bool wide)
    {
        _pointer = pointer;
        _size = size;
        _wide = wide;
    }

    public static TextList Ansi(byte* p, uint* size) => new(p, size, false);
    public static TextList Wide(char* p, uint* size) => new(p, size, true);

    public int Put(IReadOnlyList<string> items)
    {
        if (_size == null)
            throw new SmtpException(SmtpError.InvalidParameter, "lpcchBuffer must not be NULL");
        var joined = string.Concat(items.Select(i => i + "\0")) + "\0";
        byte[]? ansi = _wide ? null : TextBuffer.Encode(joined);
        int needed = ansi?.Length ?? joined.Length;
        uint room = *_size;
        *_size = (uint)needed;
        if (_pointer == null)
            return items.Count;
        if (room < needed)
        {
            if (room > 0) Terminate(0);
            if (room > 1) Terminate(1);
            throw new SmtpException(SmtpError.BufferTooSmall, $"The buffer is too small: {needed} characters are needed");
        }
        if (_wide)
            joined.AsSpan().CopyTo(new Span<char>(_pointer, needed));
        else
            ansi.AsSpan().CopyTo(new Span<byte>(_pointer, needed));
        return items.Count;
    }

    private void Terminate(int index)
    {
        if (_wide) ((char*)_pointer)[index] = '\0';
        else ((byte*)_pointer)[index] = 0;
    }
}
