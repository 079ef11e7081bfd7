using System.Diagnostics;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// tests/servers/drop_server.py: a scripted server for what no real server does on purpose — drop the
/// first connection at a given stage (or never answer MAIL), then serve later connections normally.
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly Process _process;
    public int Port { get; }
    public string Directory { get; }

    public ScriptedServer(string stage)
    {
        Port = FreePort.Get();
        Directory = System.IO.Directory.CreateTempSubdirectory("smtpnative-scripted-").FullName;
        string ready = Path.Combine(Directory, ".ready");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { RepoPaths.File("tests/servers/drop_server.py"), "--port", Port.ToString(), "--stage", stage, "--dir", Directory, "--ready-file", ready })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException("drop_server.py did not start: " + _process.StandardError.ReadToEnd());
            Thread.Sleep(20);
        }
    }

    /// <summary>The message bodies accepted (on connections after the first), in order.</summary>
    public List<string> Messages()
    {
        var list = new List<string>();
        for (int n = 1; File.Exists(Path.Combine(Directory, $"{n}.eml")); n++)
            list.Add(File.ReadAllText(Path.Combine(Directory, $"{n}.eml")));
        return list;
    }

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
