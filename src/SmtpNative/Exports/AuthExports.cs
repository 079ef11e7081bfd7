using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Auth;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Authentication (SMTP AUTH, RFC 4954).</summary>
public static unsafe class AuthExports
{
    /// <summary>
    /// Authenticates the session with a SASL mechanism the server offers. Credentials are sent only over
    /// TLS or to a loopback server unless the handle was connected with SMTP_OPTION_PLAINTEXT_AUTH
    /// (ST_ERROR_AUTHENTICATION_REQUIRES_TLS, nothing sent). A malformed server challenge cancels the
    /// exchange with "*". SCRAM-SHA-256 also checks the server's signature: a server that cannot prove it
    /// knows the password fails the call and the connection is closed. Neither the password nor any AUTH
    /// payload ever appears in SmtpGetResultString or an error text: the result is the server's final reply.
    /// </summary>
    /// <param name="nAuthType">SMTP_AUTH_LOGIN, SMTP_AUTH_PLAIN, SMTP_AUTH_CRAMMD5, SMTP_AUTH_SCRAMSHA256, SMTP_AUTH_XOAUTH2,
    /// SMTP_AUTH_BEARER (OAUTHBEARER), or SMTP_AUTH_DEFAULT (the strongest of SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN offered).</param>
    /// <param name="lpszUserName">User name (UTF-8 on the wire).</param>
    /// <param name="lpszPassword">Password; for SMTP_AUTH_XOAUTH2 and SMTP_AUTH_BEARER the OAuth 2.0 access token.</param>
    /// <returns>0, or SMTP_ERROR: ST_ERROR_INVALID_AUTHENTICATION_TYPE (not offered / unknown), ST_ERROR_AUTHENTICATION_FAILED
    /// (refused: SmtpGetResultCode/SmtpGetResultString give the server's reply), ST_ERROR_AUTHENTICATION_REQUIRES_TLS.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpAuthenticateA", CallConvs = [typeof(CallConvStdcall)])]
    public static int AuthenticateA(nint hClient, uint nAuthType, byte* lpszUserName, byte* lpszPassword) =>
        Authenticate(hClient, nAuthType, TextArg.Ansi(lpszUserName), TextArg.Ansi(lpszPassword));

    [UnmanagedCallersOnly(EntryPoint = "SmtpAuthenticateW", CallConvs = [typeof(CallConvStdcall)])]
    public static int AuthenticateW(nint hClient, uint nAuthType, char* lpszUserName, char* lpszPassword) =>
        Authenticate(hClient, nAuthType, TextArg.Wide(lpszUserName), TextArg.Wide(lpszPassword));

    [UnmanagedCallersOnly(EntryPoint = "SmtpAuthenticate", CallConvs = [typeof(CallConvStdcall)])]
    public static int AuthenticatePlain(nint hClient, uint nAuthType, byte* lpszUserName, byte* lpszPassword) =>
        Authenticate(hClient, nAuthType, TextArg.Ansi(lpszUserName), TextArg.Ansi(lpszPassword));

    private static int Authenticate(nint hClient, uint type, TextArg user, TextArg password)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.Authenticate((SmtpAuthType)type, user.Required("lpszUserName"), password.Required("lpszPassword"));
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
