using System.Diagnostics;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// tests/servers/scripted_server.py: a scripted server for what no real server available here does — drop
/// the first connection at a given stage (or never answer MAIL), then serve later connections normally;
/// with "--chunking", offer CHUNKING and take BDAT.
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly Process _process;
    public int Port { get; }
    public string Directory { get; }

    public ScriptedServer(string stage, params string[] extraArgs)
    {
        Port = FreePort.Get();
        Directory = System.IO.Directory.CreateTempSubdirectory("smtpnative-scripted-").FullName;
        _process = PythonServer.Start("tests/servers/scripted_server.py", Path.Combine(Directory, ".ready"),
            new[] { "--port", Port.ToString(), "--stage", stage, "--dir", Directory }.Concat(extraArgs));
    }

    /// <summary>The message bodies accepted (on connections after the first), in order.</summary>
    public List<string> Messages() => MessageBytes().Select(b => System.Text.Encoding.UTF8.GetString(b)).ToList();

    public List<byte[]> MessageBytes()
    {
        var list = new List<byte[]>();
        for (int n = 1; File.Exists(Path.Combine(Directory, $"{n}.eml")); n++)
            list.Add(File.ReadAllBytes(Path.Combine(Directory, $"{n}.eml")));
        return list;
    }

    public void Dispose() => PythonServer.Stop(_process, Directory);
}
