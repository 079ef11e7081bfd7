using System.Diagnostics;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// Postfix's smtp-sink (Debian postfix) as a process: PIPELINING, 8BITMIME, DSN, ENHANCEDSTATUSCODES,
/// no SMTPUTF8 and no SIZE. Each transaction is dumped to a file whose X-Mail-Args / X-Rcpt-Args headers
/// show the ESMTP parameters exactly as received.
/// </summary>
public sealed class SinkServer : IDisposable
{
    private readonly Process _process;
    public int Port { get; }
    public string Directory { get; }

    public SinkServer()
    {
        Port = FreePort.Get();
        Directory = System.IO.Directory.CreateTempSubdirectory("smtpnative-sink-").FullName;
        var psi = new ProcessStartInfo("/usr/sbin/smtp-sink") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.UserName == "root")
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("root");
        }
        foreach (var a in new[] { "-d", Path.Combine(Directory, "%H%M%S."), $"127.0.0.1:{Port}", "16" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (!_process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>The dumped transactions (header lines and message), oldest first.</summary>
    public List<string> Dumps() =>
        System.IO.Directory.GetFiles(Directory).OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
