namespace SmtpNative.Core.Protocol;

/// <summary>
/// The checks <see cref="DotStuffingWriter"/> would fail on (NUL, a line over 998 octets), made before
/// anything is sent, over content that may come in pieces (a file read in chunks); also finds 8-bit
/// bytes. Whole lines inside a piece are checked with vector searches (see
/// <see cref="DotStuffingWriter.CheckLineLengths"/>); only the line that runs across the boundary of two
/// pieces goes through the writer's own line logic.
/// </summary>
public struct ContentCheck
{
    private DotStuffingWriter _open;   // the line that runs on into the next piece

    /// <summary>True once a byte over 0x7F was seen.</summary>
    public bool EightBit { get; private set; }

    public void Add(ReadOnlySpan<byte> data)
    {
        var (nul, eightBit) = DotStuffingWriter.NulAndEightBit(data);
        if (nul)
            throw new SmtpException(SmtpError.InvalidMessage, "The message contains a NUL byte");
        EightBit |= eightBit;
        int first = data.IndexOfAny((byte)'\r', (byte)'\n');
        if (first < 0)
        {
            _open.Write(data, null);
            return;
        }
        _open.Write(data[..(first + 1)], null);
        int last = data.LastIndexOfAny((byte)'\r', (byte)'\n');
        DotStuffingWriter.CheckLineLengths(data[(first + 1)..(last + 1)]);
        _open = default;
        _open.Write(data[(last + 1)..], null);
    }
}
