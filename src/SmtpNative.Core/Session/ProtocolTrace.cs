using System.Globalization;
using System.Text;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>
/// The process-wide protocol transcript (<c>SmtpEnableTrace</c>, and the trace callback): one line per
/// command and reply line, "C: " for what the client sent, "S: " for what the server answered,
/// prefixed by the client handle. Message content appears only as a byte count; bytes written in
/// <see cref="WireMode.Secret"/> appear as "AUTH MECH ****" or "****", and 334 challenges as
/// "334 ****", so no credential or AUTH payload reaches a trace.
/// </summary>
public static class ProtocolTrace
{
    private static readonly Lock Gate = new();
    private static StreamWriter? s_file;
    private static SmtpTraceFlags s_flags;
    private static Action<long, string>? s_callback;
    private static volatile bool s_on;

    /// <summary>True while a file or a callback receives the transcript.</summary>
    public static bool IsOn => s_on;

    /// <summary>Starts writing the transcript to <paramref name="path"/> (replacing a trace file already open).</summary>
    public static void Enable(string path, SmtpTraceFlags flags)
    {
        StreamWriter file;
        try
        {
            var stream = new FileStream(path, (flags & SmtpTraceFlags.Append) != 0 ? FileMode.Append : FileMode.Create,
                FileAccess.Write, FileShare.ReadWrite);
            file = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SmtpException(SmtpError.FileNotFound, $"Cannot open the trace file: {e.Message}");
        }
        lock (Gate)
        {
            s_file?.Dispose();
            s_file = file;
            s_flags = flags;
            s_on = true;
        }
    }

    /// <summary>Stops the file transcript; false when none was on.</summary>
    public static bool Disable()
    {
        lock (Gate)
        {
            var file = s_file;
            s_file = null;
            s_on = s_callback is not null;
            file?.Dispose();
            return file is not null;
        }
    }

    /// <summary>Sets (or with null removes) the function that receives each transcript line: (handle, line).</summary>
    public static void SetCallback(Action<long, string>? callback)
    {
        lock (Gate)
        {
            s_callback = callback;
            s_on = callback is not null || s_file is not null;
        }
    }

    /// <summary>Lines for one network write.</summary>
    internal static void Sent(long id, ReadOnlySpan<byte> data, ReadOnlySpan<WireSegment> segments)
    {
        var lines = new List<string>();
        if ((s_flags & SmtpTraceFlags.Writes) != 0)
            lines.Add($"C: --- one write, {data.Length} bytes");
        if (segments.IsEmpty)
            lines.Add($"C: <{data.Length} bytes>");   // the trace began in the middle of this write: show nothing of it
        foreach (var s in segments)
        {
            var bytes = data.Slice(s.Start, s.Length);
            if (s.Mode == WireMode.Content)
            {
                lines.Add($"C: <{bytes.Length} bytes of message content>");
                continue;
            }
            foreach (var line in SplitLines(bytes))
                lines.Add("C: " + (s.Mode == WireMode.Secret ? Redact(line) : line));
        }
        Emit(id, lines);
    }

    /// <summary>Lines for one reply.</summary>
    internal static void Received(long id, SmtpReply reply)
    {
        var lines = new List<string>(reply.LineCount);
        for (int i = 0; i < reply.LineCount; i++)
        {
            string sep = i == reply.LineCount - 1 ? " " : "-";
            string text = reply.Code == 334 ? "****" : Printable(reply.Line(i));
            lines.Add($"S: {reply.Code}{sep}{text}");
        }
        Emit(id, lines);
    }

    /// <summary>A remark of the library itself ("connected to ...", "connection closed").</summary>
    internal static void Note(long id, string text) => Emit(id, ["*  " + text]);

    /// <summary>"AUTH PLAIN dGVzdA==" becomes "AUTH PLAIN ****"; any other line becomes "****".</summary>
    public static string Redact(string line)
    {
        if (!line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase))
            return "****";
        int end = line.IndexOf(' ', 5);
        return end < 0 ? line : line[..end] + " ****";
    }

    private static IEnumerable<string> SplitLines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        while (!bytes.IsEmpty)
        {
            int lf = bytes.IndexOf((byte)'\n');
            var line = lf < 0 ? bytes : bytes[..lf];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            lines.Add(Printable(line));
            bytes = lf < 0 ? default : bytes[(lf + 1)..];
        }
        return lines;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var chars = Encoding.UTF8.GetString(bytes).ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = '?';
        return new string(chars);
    }

    private static void Emit(long id, List<string> lines)
    {
        Action<long, string>? callback;
        lock (Gate)
        {
            callback = s_callback;
            if (s_file is { } file)
            {
                string prefix = (s_flags & SmtpTraceFlags.Timestamp) != 0
                    ? DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z' ", CultureInfo.InvariantCulture) : "";
                foreach (var line in lines)
                    file.WriteLine($"{prefix}[{id}] {line}");
            }
        }
        if (callback is not null)
            foreach (var line in lines)
                callback(id, line);   // outside the lock: the callback may do anything, even enable a trace
    }
}
