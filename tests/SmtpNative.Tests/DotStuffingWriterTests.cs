using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Tests;

public sealed class MemorySink : IByteSink
{
    private readonly MemoryStream _stream = new();
    public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);
    public void WriteByte(byte b) => _stream.WriteByte(b);
    public string Text => Encoding.Latin1.GetString(_stream.ToArray());
}

public class DotStuffingWriterTests
{
    private static string Encode(string input, int split = -1)
    {
        var sink = new MemorySink();
        var writer = new DotStuffingWriter();
        var bytes = Encoding.Latin1.GetBytes(input);
        if (split < 0)
        {
            writer.Write(bytes, sink);
        }
        else
        {
            writer.Write(bytes.AsSpan(0, split), sink);
            writer.Write(bytes.AsSpan(split), sink);
        }
        writer.Finish(sink);
        return sink.Text;
    }

    [Theory]
    [InlineData("", ".\r\n")]
    [InlineData("a", "a\r\n.\r\n")]
    [InlineData("a\r\n", "a\r\n.\r\n")]
    [InlineData("a\n", "a\r\n.\r\n")]
    [InlineData("a\r", "a\r\n.\r\n")]
    [InlineData("a\rb\nc\r\nd", "a\r\nb\r\nc\r\nd\r\n.\r\n")]
    [InlineData(".", "..\r\n.\r\n")]
    [InlineData(".\r\n", "..\r\n.\r\n")]
    [InlineData("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("a\r.\rb", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("a\r\n.\r\nb", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("..x", "...x\r\n.\r\n")]
    [InlineData("x.\n.x", "x.\r\n..x\r\n.\r\n")]
    [InlineData("\n\n", "\r\n\r\n.\r\n")]
    [InlineData("\r\r\n", "\r\n\r\n.\r\n")]
    public void Output_is_canonical_and_dot_stuffed(string input, string expected)
    {
        Assert.Equal(expected, Encode(input));
    }

    [Theory]
    [InlineData("a\r\n.\r\nMAIL FROM:<x@y>\r\n")]
    [InlineData("a\n.\nRCPT TO:<x@y>\n")]
    [InlineData("a\r.\rDATA\r")]
    [InlineData("a\r\n.\nb\n.\r\nc")]
    [InlineData("Subject: x\r\n\r\nbody\r\n.\r\n")]
    public void Every_split_point_gives_the_same_bytes_and_no_early_end_of_data(string input)
    {
        string whole = Encode(input);
        for (int split = 0; split <= input.Length; split++)
            Assert.Equal(whole, Encode(input, split));
        // Exactly one end-of-data sequence, at the very end: nothing can be smuggled.
        Assert.Equal(whole.Length - 3, whole.IndexOf("\r\n.\r\n", StringComparison.Ordinal) + 2);
        Assert.DoesNotContain("\n", whole.Replace("\r\n", ""));
        Assert.DoesNotContain("\r", whole.Replace("\r\n", ""));
    }

    [Fact]
    public void Nul_byte_is_refused()
    {
        var e = Assert.Throws<SmtpException>(() => DotStuffingWriter.Validate("ab\0c"u8));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
    }

    [Fact]
    public void Line_of_998_octets_passes_and_999_is_refused()
    {
        DotStuffingWriter.Validate(Encoding.ASCII.GetBytes(new string('x', 998) + "\r\n"));
        var e = Assert.Throws<SmtpException>(() => DotStuffingWriter.Validate(Encoding.ASCII.GetBytes(new string('x', 999) + "\r\n")));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
    }

    [Fact]
    public void Eight_bit_content_is_detected()
    {
        Assert.False(DotStuffingWriter.HasEightBit("plain ascii\r\n"u8));
        Assert.True(DotStuffingWriter.HasEightBit("caf\u00e9"u8));
    }

    [Fact]
    public void The_stuffed_dot_does_not_count_toward_the_line_limit()
    {
        // Found by the data fuzz target (tests/fuzz/regressions/data/): a 998-octet line that starts
        // with '.' is 999 octets on the wire after stuffing, and RFC 5321 §4.5.3.1.6 allows that.
        DotStuffingWriter.Validate(Encoding.ASCII.GetBytes("." + new string('x', 997) + "\r\n"));
        var e = Assert.Throws<SmtpException>(() => DotStuffingWriter.Validate(Encoding.ASCII.GetBytes("." + new string('x', 998) + "\r\n")));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
    }
}
