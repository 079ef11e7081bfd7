using System.Buffers;
using System.Buffers.Text;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Protocol;

/// <summary>Sends one BDAT chunk and waits for its reply (the session does this: it owns replies).</summary>
public interface IBdatChannel
{
    void SendChunk(ReadOnlySpan<byte> chunk, bool last);
}

/// <summary>
/// CHUNKING (RFC 3030): collects content into chunks that fit the connection's write buffer with
/// their "BDAT n" line, so each chunk is one network write. The bytes are already canonical
/// (CRLF line ends, checked) from a non-stuffing <see cref="DotStuffingWriter"/>; BDAT needs no
/// dot-stuffing and no end-of-data mark.
/// </summary>
public sealed class BdatWriter(IBdatChannel channel) : IByteSink, IDisposable
{
    /// <summary>Content bytes per chunk: the 64 KiB write buffer less room for "BDAT 65472 LAST\r\n".</summary>
    public const int ChunkSize = 64 * 1024 - 64;

    private byte[]? _chunk;
    private int _length;

    /// <summary>Starts a message (drops what an abandoned one left).</summary>
    public void Begin()
    {
        _chunk ??= ArrayPool<byte>.Shared.Rent(ChunkSize);
        _length = 0;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_length == ChunkSize)
                SendFull();
            int n = Math.Min(ChunkSize - _length, data.Length);
            data[..n].CopyTo(_chunk.AsSpan(_length));
            _length += n;
            data = data[n..];
        }
    }

    public void WriteByte(byte b)
    {
        if (_length == ChunkSize)
            SendFull();
        _chunk![_length++] = b;
    }

    /// <summary>Sends what is left as the LAST chunk (possibly empty, as RFC 3030 allows).</summary>
    public void Finish()
    {
        int n = _length;
        _length = 0;
        channel.SendChunk(_chunk.AsSpan(0, n), last: true);
    }

    private void SendFull()
    {
        _length = 0;
        channel.SendChunk(_chunk.AsSpan(0, ChunkSize), last: false);
    }

    /// <summary>Writes "BDAT n" or "BDAT n LAST" and CRLF.</summary>
    public static void WriteCommand(SmtpConnection connection, int size, bool last)
    {
        var span = connection.GetWriteSpan(32);
        "BDAT "u8.CopyTo(span);
        Utf8Formatter.TryFormat(size, span[5..], out int digits);
        int n = 5 + digits;
        if (last)
        {
            " LAST"u8.CopyTo(span[n..]);
            n += 5;
        }
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        connection.Advance(n);
    }

    public void Dispose()
    {
        var chunk = Interlocked.Exchange(ref _chunk, null);
        if (chunk is not null) ArrayPool<byte>.Shared.Return(chunk);
    }
}
