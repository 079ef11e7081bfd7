using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using SmtpNative.Core;
using SmtpNative.Core.Transport;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>TLS: what a connection negotiated, and client certificates.</summary>
public static unsafe class SecurityExports
{
    /// <summary>
    /// Fills a SECURITYINFO with the TLS protocol, cipher suite and the server certificate (subject,
    /// issuer, SHA-256 fingerprint, validity dates, and SECURITY_CERT_* bits when SMTP_OPTION_TRUSTEDSITE
    /// let an invalid certificate pass). A connection without TLS gives SECURITY_PROTOCOL_NONE and
    /// every other member zero.
    /// </summary>
    /// <param name="lpSecurityInfo">Receives the information; its dwSize must be sizeof(SECURITYINFO).</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_INVALID_PARAMETER for NULL or a wrong dwSize).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetSecurityInformationA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetSecurityInformationA(nint hClient, SecurityInfoA* lpSecurityInfo) =>
        GetSecurityInformation(hClient, (uint*)lpSecurityInfo, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetSecurityInformationW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetSecurityInformationW(nint hClient, SecurityInfoW* lpSecurityInfo) =>
        GetSecurityInformation(hClient, (uint*)lpSecurityInfo, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetSecurityInformation", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetSecurityInformationPlain(nint hClient, SecurityInfoA* lpSecurityInfo) =>
        GetSecurityInformation(hClient, (uint*)lpSecurityInfo, wide: false);

    private static int GetSecurityInformation(nint hClient, uint* info, bool wide)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            int size = wide ? sizeof(SecurityInfoW) : sizeof(SecurityInfoA);
            if (info == null || info[0] != size)
                throw new SmtpException(SmtpError.InvalidParameter, "lpSecurityInfo is NULL or its dwSize is not sizeof(SECURITYINFO)");
            new Span<byte>(info, size).Clear();
            info[0] = (uint)size;
            if (client.Session.Security is not { } s)
                return 0;
            info[1] = (uint)ProtocolOf(s.Protocol);
            info[2] = (uint)s.CertificateStatus;
            string[] texts = [s.CipherSuite, s.CertificateSubject, s.CertificateIssuer, s.CertificateFingerprint,
                Iso(s.CertificateNotBefore), Iso(s.CertificateNotAfter)];
            TextBuffer[] members;
            if (wide)
            {
                var w = (SecurityInfoW*)info;
                members = [TextBuffer.Wide(w->szCipherSuite, 64), TextBuffer.Wide(w->szCertSubject, 256), TextBuffer.Wide(w->szCertIssuer, 256),
                    TextBuffer.Wide(w->szFingerprint, 72), TextBuffer.Wide(w->szCertIssued, 24), TextBuffer.Wide(w->szCertExpires, 24)];
            }
            else
            {
                var a = (SecurityInfoA*)info;
                members = [TextBuffer.Ansi(a->szCipherSuite, 64), TextBuffer.Ansi(a->szCertSubject, 256), TextBuffer.Ansi(a->szCertIssuer, 256),
                    TextBuffer.Ansi(a->szFingerprint, 72), TextBuffer.Ansi(a->szCertIssued, 24), TextBuffer.Ansi(a->szCertExpires, 24)];
            }
            for (int i = 0; i < texts.Length; i++)
                Fill(members[i], texts[i]);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>A structure member holds what fits: longer text is cut (at a character boundary) and terminated.</summary>
    private static void Fill(TextBuffer member, string text)
    {
        try { member.Put(text); }
        catch (SmtpException e) when (e.Code == SmtpError.BufferTooSmall) { }
    }

    private static string Iso(DateTime utc) => utc == default ? "" : utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

#pragma warning disable SYSLIB0039 // naming the old versions is how a connection that negotiated them is reported
    private static SecurityProtocol ProtocolOf(SslProtocols p) => p switch
    {
        SslProtocols.Tls13 => SecurityProtocol.Tls13,
        SslProtocols.Tls12 => SecurityProtocol.Tls12,
        SslProtocols.Tls11 => SecurityProtocol.Tls11,
        SslProtocols.Tls => SecurityProtocol.Tls10,
        _ => SecurityProtocol.None,
    };
#pragma warning restore SYSLIB0039

    /// <summary>
    /// Loads a client certificate with its private key, for SmtpConnect's lpCredentials (servers that
    /// ask for TLS client authentication). The certificate comes from a file: PKCS#12 (.pfx/.p12) or PEM.
    /// Free it with SmtpDeleteSecurityCredentials (or SmtpUninitialize) once no connection needs it.
    /// </summary>
    /// <param name="dwProtocol">Reserved for source compatibility; pass 0 (the platform's TLS versions are used).</param>
    /// <param name="dwOptions">Reserved; pass 0.</param>
    /// <param name="lpszUserName">Reserved for source compatibility; may be NULL.</param>
    /// <param name="lpszPassword">Password of the PFX file or of an encrypted PEM key; NULL or "" for none.</param>
    /// <param name="lpszCertStore">Path of the certificate file (PFX/P12, or PEM).</param>
    /// <param name="lpszCertName">PEM only: path of the private key file; NULL when the key is in the certificate file.</param>
    /// <param name="lppCredentials">Receives the credentials (an opaque handle, never a pointer to dereference).</param>
    /// <returns>TRUE, or FALSE with ST_ERROR_FILE_NOT_FOUND or ST_ERROR_INVALID_PARAMETER (wrong password, no private key).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateSecurityCredentialsA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int CreateSecurityCredentialsA(uint dwProtocol, uint dwOptions, byte* lpszUserName, byte* lpszPassword,
        byte* lpszCertStore, byte* lpszCertName, [CType("LPVOID*")] void** lppCredentials) =>
        CreateSecurityCredentials(TextArg.Ansi(lpszPassword), TextArg.Ansi(lpszCertStore), TextArg.Ansi(lpszCertName), lppCredentials);

    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateSecurityCredentialsW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int CreateSecurityCredentialsW(uint dwProtocol, uint dwOptions, char* lpszUserName, char* lpszPassword,
        char* lpszCertStore, char* lpszCertName, [CType("LPVOID*")] void** lppCredentials) =>
        CreateSecurityCredentials(TextArg.Wide(lpszPassword), TextArg.Wide(lpszCertStore), TextArg.Wide(lpszCertName), lppCredentials);

    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateSecurityCredentials", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int CreateSecurityCredentialsPlain(uint dwProtocol, uint dwOptions, byte* lpszUserName, byte* lpszPassword,
        byte* lpszCertStore, byte* lpszCertName, [CType("LPVOID*")] void** lppCredentials) =>
        CreateSecurityCredentials(TextArg.Ansi(lpszPassword), TextArg.Ansi(lpszCertStore), TextArg.Ansi(lpszCertName), lppCredentials);

    private static int CreateSecurityCredentials(TextArg password, TextArg certificateFile, TextArg keyFile, void** result)
    {
        try
        {
            Library.Enter();
            if (result == null)
                throw new SmtpException(SmtpError.InvalidParameter, "lppCredentials must not be NULL");
            *result = null;
            *result = (void*)Credentials.Create(certificateFile.Required("lpszCertStore"), keyFile.Value, password.Value);
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// Frees credentials made by SmtpCreateSecurityCredentials. Connections already made with them are not
    /// affected. NULL is a harmless no-op; a value freed before gives ST_ERROR_INVALID_HANDLE.
    /// </summary>
    /// <returns>TRUE, or FALSE.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpDeleteSecurityCredentials", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int DeleteSecurityCredentials(void* lpCredentials)
    {
        try
        {
            Library.Enter();
            if (lpCredentials != null)
                Credentials.Delete((nint)lpCredentials);
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }
}
