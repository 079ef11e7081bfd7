using System.Runtime.CompilerServices;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// Reads one SMTP reply (RFC 5321 §4.2), single- or multi-line, within fixed bounds so that a
/// hostile server can neither exhaust memory nor make a reply endless.
/// </summary>
public static class ReplyReader
{
    /// <summary>Longest reply line accepted, CRLF included (RFC 5321 allows 512; servers exceed it).</summary>
    public const int MaxLineLength = 4096;
    /// <summary>Most lines in one reply.</summary>
    public const int MaxLines = 512;
    /// <summary>Most bytes in one reply.</summary>
    public const int MaxReplySize = 64 * 1024;

    /// <summary>Reads the next reply into <paramref name="reply"/>.</summary>
    [SkipLocalsInit]   // the line buffer is written before it is read: zeroing 4 KiB per reply is pure cost
    public static void Read(SmtpConnection connection, SmtpReply reply)
    {
        connection.StartDeadline();
        try
        {
            ReadLines(connection, reply);
        }
        finally
        {
            connection.EndDeadline();
        }
    }

    private static void ReadLines(SmtpConnection connection, SmtpReply reply)
    {
        reply.Reset();
        int total = 0;
        int firstCode = 0;
        Span<byte> line = stackalloc byte[MaxLineLength];
        while (true)
        {
            int length = ReadLine(connection, line);
            total += length + 2;
            if (total > MaxReplySize || reply.LineCount >= MaxLines)
                throw new SmtpException(SmtpError.ReplyTooLarge, "The server's reply is too large");
            var text = line[..length];
            int code = ParseCode(text);
            if (firstCode == 0)
                firstCode = code;
            else if (code != firstCode)
                throw new SmtpException(SmtpError.ProtocolError, "The lines of a multi-line reply have different codes");
            bool last = text.Length == 3 || text[3] == (byte)' ';
            if (!last && text[3] != (byte)'-')
                throw new SmtpException(SmtpError.ProtocolError, "Malformed reply line");
            reply.AddLine(code, text.Length > 4 ? text[4..] : default);
            if (last)
                return;
        }
    }

    /// <summary>Parses the 3-digit code at the start of a reply line: first digit 2-5, others 0-9.</summary>
    public static int ParseCode(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3
            || line[0] < (byte)'2' || line[0] > (byte)'5'
            || !char.IsAsciiDigit((char)line[1]) || !char.IsAsciiDigit((char)line[2]))
            throw new SmtpException(SmtpError.ProtocolError, "Malformed reply code");
        return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    }

    /// <summary>One line without its terminator. LF alone ends a line too (lenient, as every client is).</summary>
    private static int ReadLine(SmtpConnection connection, Span<byte> line)
    {
        int length = 0;
        while (true)
        {
            var data = connection.Peek();
            int lf = data.IndexOf((byte)'\n');
            int take = lf < 0 ? data.Length : lf;
            // The bytes kept include the CR; the LF still to come makes the line MaxLineLength at most.
            if (length + take > MaxLineLength - 1)
                throw new SmtpException(SmtpError.ReplyTooLarge, "A reply line from the server is too long");
            data[..take].CopyTo(line[length..]);
            length += take;
            if (lf >= 0)
            {
                connection.Consume(lf + 1);
                if (length > 0 && line[length - 1] == (byte)'\r')
                    length--;
                return length;
            }
            connection.Consume(take);
        }
    }
}
