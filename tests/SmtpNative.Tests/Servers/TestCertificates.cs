using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// The throw-away PKI of tests/servers/make_test_certs.sh. ./build.sh test makes it once per run and
/// passes SMTPNATIVE_TEST_CERTS and SSL_CERT_FILE (the test CA) to the test process. Run alone, the
/// tests make it here and hand the CA to OpenSSL the same way, through SSL_CERT_FILE in the process
/// environment, before the first TLS handshake. Either way the client validates certificates exactly as
/// in production: the test CA is trusted, nothing is switched off.
/// </summary>
public static partial class TestCertificates
{
    private static readonly Lazy<string> Directory = new(Make);

    /// <summary>Path of a file of the test PKI (ca.pem, server.pem, server.key, server.pfx, wronghost.pem, ...).</summary>
    public static string File(string name) => Path.Combine(Directory.Value, name);

    /// <summary>The in-process server's certificate (SmtpServer needs a certificate with its key).</summary>
    public static X509Certificate2 Server() => X509CertificateLoader.LoadPkcs12FromFile(File("server.pfx"), "");

    private static string Make()
    {
        string? given = Environment.GetEnvironmentVariable("SMTPNATIVE_TEST_CERTS");
        if (!string.IsNullOrEmpty(given) && System.IO.File.Exists(Path.Combine(given, "ca.pem")))
            return given;
        string dir = System.IO.Directory.CreateTempSubdirectory("smtpnative-certs-").FullName;
        var psi = new ProcessStartInfo("bash", [RepoPaths.File("tests/servers/make_test_certs.sh"), dir]) { RedirectStandardOutput = true };
        using (var p = Process.Start(psi)!)
        {
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("make_test_certs.sh failed");
        }
        // Environment.SetEnvironmentVariable does not reach native getenv on Linux; OpenSSL reads the real one.
        setenv("SSL_CERT_FILE", Path.Combine(dir, "ca.pem"), 1);
        return dir;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
