using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Tests;

/// <summary>The vector fast path of DotStuffingWriter: what it passes on whole, and that it changes no output.</summary>
public class CanonicalLinesTests
{
    private static int Length(string text) => CanonicalLines.Length(Encoding.Latin1.GetBytes(text));

    private static string Line(int length, char c = 'x') => new string(c, length) + "\r\n";

    [Fact]
    public void Whole_canonical_lines_pass_across_vector_boundaries()
    {
        string text = Line(40) + Line(7) + Line(0) + Line(100);
        Assert.Equal(text.Length, Length(text));
    }

    [Theory]
    [InlineData(".x\r\n", 0)]                 // a dot at the start of the first line
    [InlineData("abc", 0)]                    // no complete line
    [InlineData("abc\r", 0)]                  // CR without its LF (yet)
    [InlineData("abc\r\n", 5)]
    [InlineData("abc\r\n.dot\r\n", 5)]       // stops before the line to stuff
    [InlineData("abc\r\ndef", 5)]             // stops before the incomplete line
    public void Short_inputs_stop_where_a_line_needs_attention(string text, int expected) =>
        Assert.Equal(expected, Length(text));

    [Theory]
    [InlineData('\n')]
    [InlineData('\r')]
    [InlineData('\0')]
    public void A_bare_line_end_or_nul_in_a_later_line_ends_the_prefix_at_that_line(char bad)
    {
        string good = Line(30) + Line(30);
        Assert.Equal(good.Length, Length(good + "abcdefghij" + bad + "klmnopqrstuvwxyz0123456789\r\n"));
    }

    [Fact]
    public void A_line_of_998_octets_passes_and_999_ends_the_prefix()
    {
        Assert.Equal(1000 + 4, Length(Line(998) + "ab\r\n"));
        Assert.Equal(5, Length("abc\r\n" + Line(999) + "ab\r\n"));
    }

    /// <summary>The wire form by the rules, one byte at a time; null when the content must be refused.</summary>
    private static byte[]? Reference(byte[] input)
    {
        var o = new List<byte>();
        int lineLength = 0;
        bool lineStart = true;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (b == 0) return null;
            if (b is (byte)'\r' or (byte)'\n')
            {
                o.Add((byte)'\r'); o.Add((byte)'\n');
                lineLength = 0;
                lineStart = true;
                if (b == '\r' && i + 1 < input.Length && input[i + 1] == '\n') i++;
                continue;
            }
            if (lineStart && b == '.') { o.Add((byte)'.'); lineLength++; }
            lineStart = false;
            o.Add(b);
            if (++lineLength > DotStuffingWriter.MaxLineLength) return null;
        }
        if (!lineStart) { o.Add((byte)'\r'); o.Add((byte)'\n'); }
        o.AddRange(".\r\n"u8.ToArray());
        return o.ToArray();
    }

    private static byte[]? Encode(byte[] input, int split)
    {
        var sink = new MemorySink();
        var writer = new DotStuffingWriter();
        try
        {
            writer.Write(input.AsSpan(0, split), sink);
            writer.Write(input.AsSpan(split), sink);
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidMessage)
        {
            return null;
        }
        writer.Finish(sink);
        return Encoding.Latin1.GetBytes(sink.Text);
    }

    [Fact]
    public void Random_content_split_anywhere_gives_exactly_the_bytes_of_the_rules()
    {
        var random = new Random(20261204);
        byte[] alphabet = "ab.\r\n\r\n\t \u00e9"u8.ToArray();
        for (int n = 0; n < 3000; n++)
        {
            var input = new byte[random.Next(0, 200)];
            for (int i = 0; i < input.Length; i++)
                input[i] = alphabet[random.Next(alphabet.Length)];
            if (n % 50 == 0 && input.Length > 0) input[random.Next(input.Length)] = 0;
            if (n % 7 == 0)   // mostly canonical content with long lines: the fast path's own ground
                input = Encoding.Latin1.GetBytes(string.Concat(Enumerable.Range(0, 1 + n % 5).Select(k => Line(random.Next(0, 1002), k == 2 ? '.' : (char)('a' + k))))
                    + (n % 2 == 0 ? ".tail\n" : "tail"));
            if (n % 3 == 1)   // canonical short lines with one defect somewhere: breaks in the middle of a block
            {
                input = Encoding.Latin1.GetBytes(string.Concat(Enumerable.Range(0, 8).Select(_ => Line(random.Next(0, 120)))));
                input[random.Next(input.Length)] = "\r\n\0."u8[random.Next(4)];
            }
            var expected = Reference(input);
            int split = input.Length == 0 ? 0 : random.Next(input.Length + 1);
            Assert.Equal(expected, Encode(input, split));
            var refused = Record.Exception(() => Assert.Equal(input.Any(b => b >= 0x80), DotStuffingWriter.Validate(input)));
            Assert.Equal(expected is null, refused is SmtpException { Code: SmtpError.InvalidMessage });
            Assert.True(refused is null or SmtpException, refused?.ToString());
            // the same checks over the content in three pieces (a file read in chunks)
            int split2 = split + (input.Length == split ? 0 : random.Next(input.Length - split + 1));
            var chunked = Record.Exception(() =>
            {
                var check = new ContentCheck();
                check.Add(input.AsSpan(0, split));
                check.Add(input.AsSpan(split, split2 - split));
                check.Add(input.AsSpan(split2));
                Assert.Equal(input.Any(b => b >= 0x80), check.EightBit);
            });
            Assert.Equal(expected is null, chunked is SmtpException { Code: SmtpError.InvalidMessage });
            Assert.True(chunked is null or SmtpException, chunked?.ToString());
        }
    }
}
