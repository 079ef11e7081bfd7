using System.Text;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Protocol;

/// <summary>
/// Puts command lines into the connection's write buffer. Arguments were validated before
/// (addresses by <see cref="EnvelopeAddress"/>, names by <see cref="RequireToken"/>), so a CR or LF can
/// never reach the wire from here; <see cref="Append(SmtpConnection, string)"/> checks once more.
/// </summary>
public static class CommandWriter
{
    public static void Append(SmtpConnection connection, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0 || text.Contains('\0'))
            throw new SmtpException(SmtpError.InvalidParameter, "A command may not contain CR, LF or NUL");
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var span = connection.GetWriteSpan(max);
        connection.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Writes "<paramref name="verb"/>&lt;mailbox&gt;[ params]" + CRLF.</summary>
    public static void AppendPath(SmtpConnection connection, string verb, string mailbox, string? parameters)
    {
        Append(connection, verb);
        connection.WriteByte((byte)'<');
        Append(connection, mailbox);
        connection.WriteByte((byte)'>');
        if (!string.IsNullOrEmpty(parameters))
        {
            connection.WriteByte((byte)' ');
            Append(connection, parameters);
        }
        connection.Write("\r\n"u8);
    }

    public static void AppendLine(SmtpConnection connection, string line)
    {
        Append(connection, line);
        connection.Write("\r\n"u8);
    }

    /// <summary>
    /// Refuses text that must be one SMTP token (EHLO name, command verb): nothing but printable
    /// ASCII and no spaces.
    /// </summary>
    public static string RequireToken(string value, string what)
    {
        if (value.Length == 0 || value.Length > 255)
            throw new SmtpException(SmtpError.InvalidParameter, $"The {what} is empty or too long");
        foreach (char c in value)
            if (c <= ' ' || c >= 0x7F)
                throw new SmtpException(SmtpError.InvalidParameter, $"The {what} may contain only printable ASCII without spaces");
        return value;
    }
}
