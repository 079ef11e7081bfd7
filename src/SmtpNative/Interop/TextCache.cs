namespace SmtpNative.Interop;

/// <summary>
/// The last text one parameter of one handle received, as the raw bytes the caller passed and the
/// string decoded from them (see <see cref="TextArg.CachedValue"/>). Used only under the handle's
/// one-thread-at-a-time gate.
/// </summary>
internal sealed class TextCache
{
    private byte[] _raw = new byte[64];
    private int _length = -1;
    private bool _wide;
    private string? _text;

    public string? Find(ReadOnlySpan<byte> raw, bool wide) =>
        _text is not null && wide == _wide && raw.SequenceEqual(_raw.AsSpan(0, _length)) ? _text : null;

    public string Store(ReadOnlySpan<byte> raw, bool wide, string text)
    {
        if (raw.Length > _raw.Length)
            _raw = new byte[raw.Length];
        raw.CopyTo(_raw);
        _length = raw.Length;
        _wide = wide;
        _text = text;
        return text;
    }
}
