using System.Diagnostics;

namespace SmtpNative.Tests.Hostile;

/// <summary>
/// tests/hostile/hostile_server.py as a process, playing one case file on a free port. <see cref="Finish"/>
/// tells it the client is done and returns what it saw.
/// </summary>
public sealed class HostileServer : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly string _result;
    public int Port { get; }

    public HostileServer(string casePath)
    {
        _dir = Directory.CreateTempSubdirectory("smtpnative-hostile-").FullName;
        _result = Path.Combine(_dir, "result");
        string ready = Path.Combine(_dir, "ready");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Servers.RepoPaths.File("tests/hostile/hostile_server.py"), "--case", casePath, "--ready-file", ready, "--result", _result })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var waited = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException("hostile_server.py did not start: " + _process.StandardError.ReadToEnd());
            Thread.Sleep(5);
        }
        Port = int.Parse(File.ReadAllText(ready));
    }

    /// <summary>Tells the server the client is done; waits for it to write its verdict.</summary>
    public HostileResult Finish()
    {
        File.WriteAllText(_result + ".done", "");
        if (!_process.WaitForExit(30_000))
            throw new TimeoutException("hostile_server.py did not finish");
        if (!File.Exists(_result))
            throw new InvalidOperationException("hostile_server.py failed: " + _process.StandardError.ReadToEnd());
        var failures = new List<string>();
        var messages = new List<byte[]>();
        int connections = 0;
        foreach (var line in File.ReadLines(_result))
        {
            if (line.StartsWith("failure ", StringComparison.Ordinal)) failures.Add(line[8..]);
            else if (line.StartsWith("message ", StringComparison.Ordinal)) messages.Add(Convert.FromHexString(line[8..]));
            else if (line.StartsWith("connections ", StringComparison.Ordinal)) connections = int.Parse(line[12..]);
        }
        var transcripts = Enumerable.Range(1, connections).Select(n => File.ReadAllBytes($"{_result}.{n}.bin")).ToList();
        return new HostileResult(failures, connections, messages, transcripts);
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); } } catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>What the scripted server saw: its complaints, connections, messages and every byte received.</summary>
public sealed record HostileResult(IReadOnlyList<string> Failures, int Connections, IReadOnlyList<byte[]> Messages, IReadOnlyList<byte[]> Transcripts);
