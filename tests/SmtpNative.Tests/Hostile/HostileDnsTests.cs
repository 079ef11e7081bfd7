using System.Diagnostics;
using System.Net;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using Xunit;

namespace SmtpNative.Tests.Hostile;

/// <summary>
/// tests/hostile/dns_responder.py playing every tests/hostile/dns_cases/*.dnscase at once; one process
/// for the class. The C runner (tests/abi/test_hostile_dns.c) plays every case's client lines through
/// the library; these are the engine's regressions for answers it once took or turned into internal errors.
/// </summary>
public sealed class DnsResponder : IDisposable
{
    private readonly Process _process;
    private readonly string _dir = Directory.CreateTempSubdirectory("smtpnative-dns-").FullName;
    public IPEndPoint EndPoint { get; }

    public DnsResponder()
    {
        string ready = Path.Combine(_dir, "ready");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        foreach (var a in new[] { Servers.RepoPaths.File("tests/hostile/dns_responder.py"), "--cases", Servers.RepoPaths.File("tests/hostile/dns_cases"), "--ready-file", ready })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var waited = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException("dns_responder.py did not start: " + _process.StandardError.ReadToEnd());
            Thread.Sleep(5);
        }
        EndPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(File.ReadAllText(ready)));
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); } } catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

public sealed class HostileDnsTests(DnsResponder responder) : IClassFixture<DnsResponder>
{
    private MxResolver Resolver => new([responder.EndPoint], 1);

    [Theory]
    [InlineData("wrong-question")]   // was: the exchanger of other.hostile.test taken as ours
    [InlineData("wrong-id")]         // was: INTERNAL_ERROR
    [InlineData("pointer-loop")]     // was: INTERNAL_ERROR
    [InlineData("garbage")]          // was: INTERNAL_ERROR
    [InlineData("huge-tcp-cut")]     // was: INTERNAL_ERROR
    public void A_hostile_answer_is_a_temporary_failure(string name)
    {
        var e = Assert.Throws<SmtpException>(() => Resolver.Lookup(name + ".hostile.test"));
        Assert.Equal(SmtpError.DnsTemporaryFailure, e.Code);
    }

    [Fact]
    public void A_truncated_udp_answer_is_taken_from_tcp()
    {
        Assert.Equal(1900, Resolver.Lookup("huge-tcp.hostile.test").Count);
        Assert.Equal(["mx1.tc.test", "mx2.tc.test"], Resolver.Lookup("tc-tcp-works.hostile.test").Select(x => x.Host));
    }
}
