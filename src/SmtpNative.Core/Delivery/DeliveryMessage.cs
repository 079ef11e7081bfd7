using System.Runtime.InteropServices;
using SmtpNative.Core.Session;

namespace SmtpNative.Core.Delivery;

/// <summary>
/// The message of a delivery, which may be sent several times (once per domain) and read once more
/// to find its recipients: the caller's bytes (never copied) or a file (streamed each time).
/// </summary>
public sealed class DeliveryMessage
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly string? _path;

    private DeliveryMessage(ReadOnlyMemory<byte> memory, string? path)
    {
        _memory = memory;
        _path = path;
    }

    public static DeliveryMessage FromMemory(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    public static DeliveryMessage FromFile(string path) => new(default, path);

    public MessageContent Content() => _path is null ? MessageContent.FromMemory(_memory.Span) : MessageContent.FromFile(_path);

    /// <summary>A stream over the message, for parsing its headers.</summary>
    public Stream OpenRead()
    {
        if (_path is not null)
            return MessageContent.OpenFile(_path);
        return MemoryMarshal.TryGetArray(_memory, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new ReadOnlyMemoryStream(_memory);
    }

    /// <summary>A read-only stream over memory that is not an array (the caller's native buffer).</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => _position = (int)Math.Clamp(value, 0, memory.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => memory.Length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
