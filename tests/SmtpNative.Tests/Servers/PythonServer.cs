using System.Diagnostics;

namespace SmtpNative.Tests.Servers;

/// <summary>Starts one of the server scripts in tests/servers with /usr/bin/python3 and waits for its ready file.</summary>
public static class PythonServer
{
    public static Process Start(string script, string readyFile, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(RepoPaths.File(script));
        foreach (var a in arguments.Concat(["--ready-file", readyFile]))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(readyFile))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"{script} did not start: " + process.StandardError.ReadToEnd());
            Thread.Sleep(20);
        }
        return process;
    }

    /// <summary>Ends the process and removes its directory.</summary>
    public static void Stop(Process process, string directory)
    {
        try { process.Kill(); process.WaitForExit(5000); } catch (InvalidOperationException) { }
        process.Dispose();
        try { System.IO.Directory.Delete(directory, true); } catch (IOException) { }
    }
}
