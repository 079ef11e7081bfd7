using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Composing and sending a message in one call, without a client handle.</summary>
public static unsafe class SubmitExports
{
    /// <summary>
    /// Connects to the server in lpServer (with its SMTP_OPTION_* options: TLS, trusted site, ...),
    /// authenticates when a user name is given (the strongest mechanism offered), composes the message
    /// in lpMessage as MIME (text, HTML, attachments), sends it to every To, Cc and Bcc address (Bcc appears
    /// in no header), and disconnects. Blocks until done. Uses no handle, so it may run on any thread.
    /// </summary>
    /// <param name="lpServer">The server; lpszHostName is required.</param>
    /// <param name="lpMessage">The message; dwSize must be sizeof(SMTPMESSAGEEX), lpszFrom and lpszTo are required.</param>
    /// <param name="dwOptions">Reserved; pass 0.</param>
    /// <returns>0, or SMTP_ERROR with the reason in SmtpGetLastError (the errors of SmtpConnect, SmtpAuthenticate and
    /// SmtpSendMessage; ST_ERROR_INVALID_ADDRESS for an address list that does not parse; ST_ERROR_FILE_NOT_FOUND for a missing attachment).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSubmitMessageA", CallConvs = [typeof(CallConvStdcall)])]
    public static int SubmitMessageA(SmtpServerA* lpServer, SmtpMessageExA* lpMessage, uint dwOptions) =>
        Submit(lpServer, lpMessage, wide: false);

    // The W structures have the A layout (pointers and DWORDs), so one reader serves both.
    [UnmanagedCallersOnly(EntryPoint = "SmtpSubmitMessageW", CallConvs = [typeof(CallConvStdcall)])]
    public static int SubmitMessageW(SmtpServerW* lpServer, SmtpMessageExW* lpMessage, uint dwOptions) =>
        Submit((SmtpServerA*)lpServer, (SmtpMessageExA*)lpMessage, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSubmitMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int SubmitMessagePlain(SmtpServerA* lpServer, SmtpMessageExA* lpMessage, uint dwOptions) =>
        Submit(lpServer, lpMessage, wide: false);

    private static int Submit(SmtpServerA* s, SmtpMessageExA* m, bool wide)
    {
        try
        {
            Library.Enter();
            if (s == null || m == null || m->dwSize != sizeof(SmtpMessageExA))
                throw new SmtpException(SmtpError.InvalidParameter, "lpServer or lpMessage is NULL, or lpMessage->dwSize is not sizeof(SMTPMESSAGEEX)");
            TextArg T(byte* p) => wide ? TextArg.Wide((char*)p) : TextArg.Ansi(p);
            if (s->nHostPort > 65535)
                throw new SmtpException(SmtpError.InvalidParameter, "nHostPort must be 0 to 65535");
            var server = new SubmitServer(T(s->lpszHostName).Required("lpszHostName"), (int)s->nHostPort,
                (int)Math.Min(s->nTimeout, int.MaxValue / 1000), (SmtpOptions)s->dwOptions, T(s->lpszUserName).Value, T(s->lpszPassword).Value);
            var message = new SubmitMessage(T(m->lpszFrom).Required("lpszFrom"), T(m->lpszTo).Required("lpszTo"),
                T(m->lpszCc).Value, T(m->lpszBcc).Value, T(m->lpszDate).Value, T(m->lpszSubject).Value, T(m->lpszHeaders).Value,
                T(m->lpszText).Value, T(m->lpszHTML).Value, T(m->lpszAttach).Value);
            Submission.Submit(server, message);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
