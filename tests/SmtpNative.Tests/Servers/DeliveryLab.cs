using System.Diagnostics;
using System.Net;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// tests/servers/delivery_lab.py as a fixture: dnsmasq with MX records for several .test domains
/// and aiosmtpd exchangers on 127.0.0.3-5 (127.0.0.2 refuses); see the script for the domains.
/// </summary>
public sealed class DeliveryLab : IDisposable
{
    private readonly Process _process;
    private readonly string _ready;

    public IPEndPoint NameServer { get; }
    public int SmtpPort { get; }
    public string Directory { get; }

    public DeliveryLab()
    {
        _ready = Path.Combine(Path.GetTempPath(), $"smtpnative-lab-{Guid.NewGuid():N}.ready");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(RepoPaths.File("tests/servers/delivery_lab.py"));
        psi.ArgumentList.Add("--ready-file");
        psi.ArgumentList.Add(_ready);
        _process = Process.Start(psi)!;
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(_ready))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException("delivery_lab.py did not start: " + _process.StandardError.ReadToEnd());
            Thread.Sleep(20);
        }
        var values = File.ReadAllLines(_ready).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        NameServer = IPEndPoint.Parse(values["LAB_DNS"]);
        SmtpPort = int.Parse(values["LAB_SMTP_PORT"]);
        Directory = values["LAB_DIR"];
    }

    /// <summary>What one of the lab's servers received: "mx" (127.0.0.4), "domain" (127.0.0.5), "tempfail" (127.0.0.3).</summary>
    public List<ReceivedMessage> Received(string server) => CaptureServer.Read(Path.Combine(Directory, server));

    /// <summary>Every RCPT TO a lab server was sent, accepted or not.</summary>
    public string[] Attempts(string server)
    {
        string log = Path.Combine(Directory, server, "attempts.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public void Dispose()
    {
        try
        {
            // SIGTERM lets the script stop dnsmasq and the servers it started.
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            if (!_process.WaitForExit(15000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        File.Delete(_ready);
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
