using SmtpNative.Core;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// The DATA canonicalizer: the content, written in pieces split at points taken from the first input
/// byte, comes out canonical (CR and LF only as CRLF), ends with CRLF "." CRLF and nowhere before, and
/// un-stuffs back to the input with its line ends made CRLF. It is refused (InvalidMessage) exactly
/// when the input has a NUL or a line over 998 octets.
/// </summary>
public sealed class DataTarget : IFuzzTarget
{
    public string Name => "data";

    private sealed class Sink : IByteSink
    {
        public readonly List<byte> Bytes = [];
        public void Write(ReadOnlySpan<byte> data) { foreach (byte b in data) Bytes.Add(b); }
        public void WriteByte(byte b) => Bytes.Add(b);
    }

    public void Run(byte[] input)
    {
        if (input.Length == 0) return;
        int seed = input[0];
        var content = input.AsSpan(1);
        var expected = Canonical(content, out bool refusable);
        var sink = new Sink();
        var writer = new DotStuffingWriter();
        try
        {
            var rest = content;
            var random = new Random(seed);
            while (!rest.IsEmpty)
            {
                int n = Math.Min(rest.Length, 1 + random.Next(Math.Max(1, seed % 64)));
                writer.Write(rest[..n], sink);
                rest = rest[n..];
            }
            writer.Finish(sink);
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidMessage)
        {
            Property.Holds(refusable, "refused content that has no NUL and no line over 998 octets");
            return;
        }
        Property.Holds(!refusable, "accepted content with a NUL or a line over 998 octets");
        var wire = sink.Bytes.ToArray();
        for (int i = 0; i < wire.Length; i++)
        {
            if (wire[i] == '\r') Property.Holds(i + 1 < wire.Length && wire[i + 1] == '\n', $"bare CR on the wire at {i}");
            if (wire[i] == '\n') Property.Holds(i > 0 && wire[i - 1] == '\r', $"bare LF on the wire at {i}");
        }
        var end = "\r\n.\r\n"u8;
        bool endsRight = wire.AsSpan().EndsWith(end) || wire.AsSpan().SequenceEqual(".\r\n"u8);
        Property.Holds(endsRight, "the data does not end with CRLF.CRLF");
        int first = wire.AsSpan().IndexOf(end);
        Property.Holds(first < 0 || first == wire.Length - end.Length, $"end-of-data mark at {first}, before the end");
        Property.Holds(Unstuff(wire).AsSpan().SequenceEqual(expected), "un-stuffed output differs from the canonical input");
    }

    /// <summary>The reference: CR, LF and CRLF each become CRLF; a last line without one gets CRLF.</summary>
    private static byte[] Canonical(ReadOnlySpan<byte> content, out bool refusable)
    {
        var output = new List<byte>(content.Length + 16);
        int line = 0;
        refusable = false;
        for (int i = 0; i < content.Length; i++)
        {
            byte b = content[i];
            if (b == '\r' || b == '\n')
            {
                if (b == '\r' && i + 1 < content.Length && content[i + 1] == '\n') i++;
                output.Add((byte)'\r');
                output.Add((byte)'\n');
                line = 0;
                continue;
            }
            // RFC 5321 §4.5.3.1.6: the limit does not count the dot added for transparency.
            if (b == 0 || ++line > DotStuffingWriter.MaxLineLength) refusable = true;
            output.Add(b);
        }
        if (output.Count > 0 && output[^1] != '\n') { output.Add((byte)'\r'); output.Add((byte)'\n'); }
        return output.ToArray();
    }

    /// <summary>What a server stores: the data before the end mark, with one leading dot removed per line.</summary>
    private static byte[] Unstuff(byte[] wire)
    {
        var body = wire.AsSpan(0, wire.Length - 3);   // drop ".\r\n"
        var output = new List<byte>(body.Length);
        bool lineStart = true;
        foreach (byte b in body)
        {
            if (lineStart && b == '.') { lineStart = false; continue; }
            output.Add(b);
            lineStart = b == '\n';
        }
        return output.ToArray();
    }
}
