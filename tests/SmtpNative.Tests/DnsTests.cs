using System.Net;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>MX lookups against a real dnsmasq serving each case.</summary>
public class DnsTests(DeliveryLab lab) : IClassFixture<DeliveryLab>
{
    private MxResolver Resolver => new([lab.NameServer], 3);

    [Fact]
    public void Exchangers_come_most_preferred_first()
    {
        var mx = Resolver.Lookup("multi.test");
        Assert.Equal(["mx1.multi.test", "mx2.multi.test", "mx3.multi.test"], mx.Select(x => x.Host));
        Assert.Equal([10, 20, 30], mx.Select(x => x.Preference));
    }

    [Fact]
    public void Equal_preferences_come_in_random_order()
    {
        var firsts = new HashSet<string>();
        for (int i = 0; i < 64; i++)
        {
            var mx = Resolver.Lookup("tie.test");
            firsts.Add(mx[0].Host);
            Assert.Equal("c.tie.test", mx[2].Host);
        }
        Assert.Equal(["a.tie.test", "b.tie.test"], firsts.Order());
    }

    [Fact]
    public void No_mx_is_an_empty_list() => Assert.Empty(Resolver.Lookup("nomx.test"));

    [Theory]
    [InlineData("nullmx.test", SmtpError.NullMailExchange)]
    [InlineData("unknown.test", SmtpError.HostNotFound)]
    [InlineData("outside.invalid", SmtpError.DnsTemporaryFailure)]   // dnsmasq answers REFUSED
    [InlineData("bad domain", SmtpError.InvalidParameter)]
    public void Failures_are_told_apart(string domain, SmtpError expected) =>
        Assert.Equal(expected, Assert.Throws<SmtpException>(() => Resolver.Lookup(domain)).Code);

    [Fact]
    public void A_name_server_that_does_not_answer_is_a_temporary_failure()
    {
        var silent = new MxResolver([new IPEndPoint(IPAddress.Loopback, FreePort.Get())], 1);
        Assert.Equal(SmtpError.DnsTemporaryFailure, Assert.Throws<SmtpException>(() => silent.Lookup("multi.test")).Code);
    }

    [Fact]
    public void Exchanger_addresses_come_from_the_same_name_server()
    {
        Assert.Equal([IPAddress.Parse("127.0.0.4")], Resolver.ResolveHost("mx3.multi.test"));
        Assert.Equal(SmtpError.HostNotFound, Assert.Throws<SmtpException>(() => Resolver.ResolveHost("none.test")).Code);
        Assert.Equal([IPAddress.Parse("127.0.0.9")], Resolver.ResolveHost("127.0.0.9"));
    }

    [Fact]
    public void Name_server_lists_parse()
    {
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5353), new IPEndPoint(IPAddress.IPv6Loopback, 53), new IPEndPoint(IPAddress.Parse("10.0.0.1"), 53)],
            MxResolver.ParseNameServers("127.0.0.1:5353, [::1]:53; 10.0.0.1"));
        Assert.Empty(MxResolver.ParseNameServers(null));
        Assert.Equal(SmtpError.InvalidParameter, Assert.Throws<SmtpException>(() => MxResolver.ParseNameServers("dns.example")).Code);
    }
}
