using System.Text;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// The last reply read on a session. Kept as raw bytes (one buffer, reused) so that reading a reply
/// allocates nothing; text is made only when a caller asks for it.
/// </summary>
public sealed class SmtpReply
{
    private byte[] _raw = new byte[512];
    private int _length;
    private readonly List<int> _lineStarts = new(4);
    private string? _text;

    /// <summary>The three-digit reply code; 0 before any reply.</summary>
    public int Code { get; private set; }

    public bool IsPositive => Code is >= 200 and < 400;
    public bool IsPositiveCompletion => Code is >= 200 and < 300;
    public bool IsIntermediate => Code is >= 300 and < 400;
    public bool IsTransient => Code is >= 400 and < 500;
    public bool IsPermanent => Code >= 500;

    /// <summary>Number of lines of the reply.</summary>
    public int LineCount => _lineStarts.Count;

    internal void Reset()
    {
        Code = 0;
        _length = 0;
        _lineStarts.Clear();
        _text = null;
    }

    /// <summary>Appends the text part (after "250-" / "250 ") of one line.</summary>
    internal void AddLine(int code, ReadOnlySpan<byte> text)
    {
        Code = code;
        if (_length + text.Length > _raw.Length)
            Array.Resize(ref _raw, Math.Max(_raw.Length * 2, _length + text.Length));
        _lineStarts.Add(_length);
        text.CopyTo(_raw.AsSpan(_length));
        _length += text.Length;
        _text = null;
    }

    /// <summary>The raw text bytes of line <paramref name="index"/> (without code and separator).</summary>
    public ReadOnlySpan<byte> Line(int index)
    {
        int start = _lineStarts[index];
        int end = index + 1 < _lineStarts.Count ? _lineStarts[index + 1] : _length;
        return _raw.AsSpan(start, end - start);
    }

    /// <summary>
    /// All lines as text, separated by a single LF, every other control character removed and
    /// bytes that are not UTF-8 replaced, so the text is safe to print or log.
    /// </summary>
    public string Text => _text ??= MakeText();

    private string MakeText()
    {
        var sb = new StringBuilder(_length + _lineStarts.Count);
        for (int i = 0; i < _lineStarts.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            foreach (char c in Encoding.UTF8.GetString(Line(i)))
            {
                if (!char.IsControl(c))
                    sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>The RFC 3463 enhanced status code ("5.1.1") at the start of the first line, or null.</summary>
    public string? EnhancedStatus
    {
        get
        {
            if (_lineStarts.Count == 0) return null;
            var line = Line(0);
            // class.subject.detail: 1 digit, 1-3 digits, 1-3 digits; its class matches the reply's.
            int i = 0;
            if (line.Length < 5 || line[0] - '0' != Code / 100 || line[1] != '.') return null;
            i = 2;
            int n = 0;
            while (i < line.Length && char.IsAsciiDigit((char)line[i]) && n < 3) { i++; n++; }
            if (n == 0 || i >= line.Length || line[i] != '.') return null;
            i++;
            n = 0;
            while (i < line.Length && char.IsAsciiDigit((char)line[i]) && n < 3) { i++; n++; }
            if (n == 0 || (i < line.Length && line[i] != ' ')) return null;
            return Encoding.ASCII.GetString(line[..i]);
        }
    }

    public override string ToString() => $"{Code} {Text}";
}
