using System.Buffers;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>
/// The message a caller hands over: the caller's own bytes (never copied whole) or a file (streamed,
/// never read into memory whole). Inspected once before the transaction starts, so a message that
/// cannot be sent is refused before MAIL FROM.
/// </summary>
public readonly ref struct MessageContent
{
    // Larger than the connection's write buffer, so whole canonical runs of a chunk go out without a copy.
    private const int FileChunk = 256 * 1024;

    private readonly ReadOnlySpan<byte> _memory;
    private readonly string? _path;

    private MessageContent(ReadOnlySpan<byte> memory, string? path)
    {
        _memory = memory;
        _path = path;
    }

    public static MessageContent FromMemory(ReadOnlySpan<byte> bytes) => new(bytes, null);

    public static MessageContent FromFile(string path) => new(default, path);

    /// <summary>Validates the content (NUL, line length) and reports its size and whether it is 8-bit.</summary>
    public (long Length, bool EightBit) Inspect()
    {
        if (_path is null)
        {
            return (_memory.Length, DotStuffingWriter.Validate(_memory));
        }
        var check = new ContentCheck();
        long length = 0;
        using var file = OpenFile(_path);
        var buffer = ArrayPool<byte>.Shared.Rent(FileChunk);
        try
        {
            int n;
            while ((n = file.Read(buffer, 0, FileChunk)) > 0)
            {
                var chunk = buffer.AsSpan(0, n);
                check.Add(chunk);
                length += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (length, check.EightBit);
    }

    /// <summary>For a file: fails with FileNotFound now when it cannot be opened.</summary>
    public void RequireReadable()
    {
        if (_path is not null)
            OpenFile(_path).Dispose();
    }

    /// <summary>Hands the content to the session's content writer, in pieces of at most 256 KiB for a file.</summary>
    internal void CopyTo(SmtpSession session)
    {
        if (_path is null)
        {
            session.WriteContent(_memory);
            return;
        }
        using var file = OpenFile(_path);
        var buffer = ArrayPool<byte>.Shared.Rent(FileChunk);
        try
        {
            int n;
            while ((n = file.Read(buffer, 0, FileChunk)) > 0)
                session.WriteContent(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SmtpException(SmtpError.FileNotFound, $"Cannot open the message file: {e.Message}");
        }
    }
}
