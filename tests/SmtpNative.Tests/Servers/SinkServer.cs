using System.Diagnostics;
using System.Net.Sockets;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// Postfix's smtp-sink (Debian postfix) as a separate process: a fast server that offers PIPELINING and
/// accepts every message without storing it. For volume: allocation and soak checks.
/// </summary>
public sealed class SinkServer : IDisposable
{
    private readonly Process _process;
    public int Port { get; }

    public SinkServer()
    {
        Port = FreePort.Get();
        var psi = new ProcessStartInfo("smtp-sink") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-u", Environment.UserName, $"127.0.0.1:{Port}", "256" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (!_process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(20);
            }
        }
    }

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
