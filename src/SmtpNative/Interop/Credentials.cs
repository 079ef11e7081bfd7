using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// Client certificates made by SmtpCreateSecurityCredentials: the LPVOID the caller holds is a handle
/// of this table (never an object address), so a deleted or forged value is an error, not a crash.
/// </summary>
internal static class Credentials
{
    /// <summary>Handle kind of credentials (clients are 1; kinds keep handle spaces apart).</summary>
    public const int Kind = 6;
    private static readonly HandleTable<X509Certificate2Collection> Table = new(Kind);

    /// <summary>
    /// Loads a certificate with its private key: a PKCS#12 file (.pfx/.p12, password optional), or a PEM
    /// certificate with its key in <paramref name="keyFile"/> or in the same file (key may be encrypted).
    /// </summary>
    public static nint Create(string certificateFile, string? keyFile, string? password)
    {
        if (!File.Exists(certificateFile) || (keyFile is not null && !File.Exists(keyFile)))
            throw new SmtpException(SmtpError.FileNotFound, "The certificate or key file cannot be found");
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(certificateFile)
                ? string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile)
                : X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new SmtpException(SmtpError.InvalidParameter, "The certificate cannot be loaded (wrong password, no private key, or not PFX/PEM)");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new SmtpException(SmtpError.InvalidParameter, "The certificate has no private key");
        }
        return Table.Add([certificate]);
    }

    private static bool IsPem(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var f = File.OpenRead(path);
        int n = f.Read(head);
        return head[..n].IndexOf("-----BEGIN"u8) >= 0;
    }

    /// <summary>The certificates of a handle; NULL (0) means none.</summary>
    public static X509Certificate2Collection? Get(nint handle) =>
        handle == 0 ? null : Table.Get(handle) ?? throw new SmtpException(SmtpError.InvalidHandle, "lpCredentials is not a credentials handle");

    public static void Delete(nint handle)
    {
        var certificates = Table.Get(handle) ?? throw new SmtpException(SmtpError.InvalidHandle, "Not a credentials handle");
        Table.Remove(handle);
        foreach (var c in certificates) c.Dispose();
    }

    public static void DeleteAll()
    {
        foreach (var certificates in Table.Clear())
            foreach (var c in certificates) c.Dispose();
    }
}
