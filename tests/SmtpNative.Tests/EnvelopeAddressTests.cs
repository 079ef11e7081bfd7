using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Tests;

public class EnvelopeAddressTests
{
    [Theory]
    [InlineData("a@b.test", "a@b.test")]
    [InlineData("<a@b.test>", "a@b.test")]
    [InlineData("  Name <a@b.test> ", "a@b.test")]
    [InlineData("\"Doe, John\" <j.doe@b.test>", "j.doe@b.test")]
    [InlineData("\"quoted local\"@b.test", "\"quoted local\"@b.test")]
    [InlineData("user+tag@[127.0.0.1]", "user+tag@[127.0.0.1]")]
    [InlineData("jörg@bücher.test", "jörg@bücher.test")]
    public void Accepts_the_forms_callers_use(string input, string mailbox)
    {
        Assert.Equal(mailbox, EnvelopeAddress.Parse(input));
    }

    [Theory]
    [InlineData("a@b.test\r\nRCPT TO:<evil@x>")]
    [InlineData("a@b.test\n")]
    [InlineData("a\0@b.test")]
    [InlineData("a@b.test\t")]
    [InlineData("<a@b.test> SIZE=1")]
    [InlineData("<a@b.test> NOTIFY=NEVER")]
    [InlineData("a@b.test> AUTH=<>")]
    [InlineData("a b@c.test")]
    [InlineData("a@b.test SMTPUTF8")]
    [InlineData("<a@b.test")]
    [InlineData("a@")]
    [InlineData("@b")]
    [InlineData("nobody")]
    [InlineData("a..b@c.test")]
    [InlineData("a@b\u2028.test")]
    public void Refuses_anything_that_could_change_the_command(string input)
    {
        var e = Assert.Throws<SmtpException>(() => EnvelopeAddress.Parse(input));
        Assert.Equal(SmtpError.InvalidAddress, e.Code);
    }

    [Fact]
    public void Null_sender_only_where_allowed()
    {
        Assert.Equal("", EnvelopeAddress.Parse("<>", allowNull: true));
        Assert.Equal("", EnvelopeAddress.Parse("", allowNull: true));
        Assert.Throws<SmtpException>(() => EnvelopeAddress.Parse("<>"));
    }

    [Fact]
    public void Lists_split_at_commas_and_semicolons_outside_quotes_and_brackets()
    {
        Assert.Equal(["a@x.test", "b@x.test", "c@x.test", "d@x.test"],
            EnvelopeAddress.ParseList("a@x.test, b@x.test;\"Last, First\" <c@x.test> ; <d@x.test>,"));
    }
}
