using System.Diagnostics;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// aiosmtpd (Debian python3-aiosmtpd) as a separate process, through tests/servers/capture_server.py:
/// an independent server implementation that stores each message it accepts.
/// </summary>
public sealed class CaptureServer : IDisposable
{
    private readonly Process _process;
    public int Port { get; }
    public string Directory { get; }
    public string Host { get; }

    public CaptureServer(string host = "127.0.0.1", params string[] extraArgs)
    {
        Host = host;
        Port = FreePort.Get(System.Net.IPAddress.Parse(host));
        Directory = System.IO.Directory.CreateTempSubdirectory("smtpnative-aiosmtpd-").FullName;
        _process = PythonServer.Start("tests/servers/capture_server.py", Path.Combine(Directory, ".ready"),
            new[] { "--host", host, "--port", Port.ToString(), "--dir", Directory }.Concat(extraArgs));
    }

    /// <summary>Messages received so far, in order.</summary>
    public List<ReceivedMessage> Messages() => Read(Directory);

    /// <summary>The messages capture_server.py stored in <paramref name="directory"/>, in order.</summary>
    public static List<ReceivedMessage> Read(string directory)
    {
        var list = new List<ReceivedMessage>();
        for (int n = 1; File.Exists(Path.Combine(directory, $"{n}.eml")); n++)
        {
            var env = File.ReadAllLines(Path.Combine(directory, $"{n}.env"));
            list.Add(new ReceivedMessage(
                env.First(l => l.StartsWith("MAIL "))[5..],
                env.Where(l => l.StartsWith("RCPT ")).Select(l => l[5..]).ToList(),
                env.Where(l => l.StartsWith("MAILOPT ")).Select(l => l[8..]).ToList(),
                File.ReadAllBytes(Path.Combine(directory, $"{n}.eml"))));
        }
        return list;
    }

    public void Dispose() => PythonServer.Stop(_process, Directory);
}

/// <summary>Finds files of the repository from the test's output directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "SmtpNative.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
