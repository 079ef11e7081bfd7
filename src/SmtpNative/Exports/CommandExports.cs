using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Any command, VRFY, EXPN, and the RFC 5322 date.</summary>
public static unsafe class CommandExports
{
    /// <summary>
    /// Sends one command ("lpszCommand lpszParameter") and returns the server's reply code, whatever it is:
    /// a 4xx/5xx answer is a result, not a failure (SmtpGetResultString gives its text). Text with CR, LF,
    /// NUL or another control character is refused before anything is sent (ST_ERROR_INVALID_PARAMETER);
    /// so are DATA and BDAT (content goes through SmtpAppendMessage/SmtpWrite), and any command while
    /// message content is being sent (ST_ERROR_INVALID_STATE).
    /// </summary>
    /// <param name="lpszCommand">The command verb ("NOOP", "HELP", "ETRN", ...): printable ASCII, no spaces.</param>
    /// <param name="lpszParameter">The rest of the line, or NULL / "" for none.</param>
    /// <returns>The reply code (250, 502, ...), or SMTP_ERROR when no reply could be had.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpCommandA", CallConvs = [typeof(CallConvStdcall)])]
    public static int CommandA(nint hClient, byte* lpszCommand, byte* lpszParameter) =>
        Command(hClient, TextArg.Ansi(lpszCommand), TextArg.Ansi(lpszParameter));

    [UnmanagedCallersOnly(EntryPoint = "SmtpCommandW", CallConvs = [typeof(CallConvStdcall)])]
    public static int CommandW(nint hClient, char* lpszCommand, char* lpszParameter) =>
        Command(hClient, TextArg.Wide(lpszCommand), TextArg.Wide(lpszParameter));

    [UnmanagedCallersOnly(EntryPoint = "SmtpCommand", CallConvs = [typeof(CallConvStdcall)])]
    public static int CommandPlain(nint hClient, byte* lpszCommand, byte* lpszParameter) =>
        Command(hClient, TextArg.Ansi(lpszCommand), TextArg.Ansi(lpszParameter));

    private static int Command(nint hClient, TextArg command, TextArg parameter)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            return client.Session.UserCommand(command.Required("lpszCommand"), parameter.Value);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// VRFY: asks the server whether it knows an address. On 250, 251 or 252 the reply text goes into the
    /// buffer (output-buffer rule); any other reply fails with ST_ERROR_COMMAND_REJECTED (many servers
    /// answer 252 "cannot verify" or 502 "disabled").
    /// </summary>
    /// <param name="lpszAddress">The address or name to verify (no control characters).</param>
    /// <returns>Characters copied (or needed), or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpVerifyAddressA", CallConvs = [typeof(CallConvStdcall)])]
    public static int VerifyAddressA(nint hClient, byte* lpszAddress, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszBuffer, nMaxLength), expand: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpVerifyAddressW", CallConvs = [typeof(CallConvStdcall)])]
    public static int VerifyAddressW(nint hClient, char* lpszAddress, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Wide(lpszAddress), TextBuffer.Wide(lpszBuffer, nMaxLength), expand: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpVerifyAddress", CallConvs = [typeof(CallConvStdcall)])]
    public static int VerifyAddressPlain(nint hClient, byte* lpszAddress, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszBuffer, nMaxLength), expand: false);

    /// <summary>
    /// EXPN: asks the server to expand a mailing list. On 250 the members go into the buffer, one per line,
    /// separated by LF (output-buffer rule); any other reply fails with ST_ERROR_COMMAND_REJECTED.
    /// </summary>
    /// <param name="lpszAddress">The list to expand (no control characters).</param>
    /// <returns>Characters copied (or needed), or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpExpandAddressA", CallConvs = [typeof(CallConvStdcall)])]
    public static int ExpandAddressA(nint hClient, byte* lpszAddress, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszBuffer, nMaxLength), expand: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpExpandAddressW", CallConvs = [typeof(CallConvStdcall)])]
    public static int ExpandAddressW(nint hClient, char* lpszAddress, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Wide(lpszAddress), TextBuffer.Wide(lpszBuffer, nMaxLength), expand: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpExpandAddress", CallConvs = [typeof(CallConvStdcall)])]
    public static int ExpandAddressPlain(nint hClient, byte* lpszAddress, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        Query(hClient, TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszBuffer, nMaxLength), expand: true);

    private static int Query(nint hClient, TextArg address, TextBuffer buffer, bool expand)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            string argument = address.Required("lpszAddress");
            return buffer.Put(expand ? client.Session.Expand(argument) : client.Session.Verify(argument));
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// The current local date and time as RFC 5322 text for a Date: header, e.g. "Fri, 04 Dec 2026 15:58:19 +0100"
    /// (English names, numeric zone). Follows the output-buffer rule. Needs no handle.
    /// </summary>
    /// <param name="lpszDate">Receives the date; NULL to ask for the length.</param>
    /// <returns>Characters copied (or needed), or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetCurrentDateA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetCurrentDateA([CType("LPTSTR")] byte* lpszDate, int nMaxLength) => GetCurrentDate(TextBuffer.Ansi(lpszDate, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetCurrentDateW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetCurrentDateW([CType("LPTSTR")] char* lpszDate, int nMaxLength) => GetCurrentDate(TextBuffer.Wide(lpszDate, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetCurrentDate", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetCurrentDatePlain([CType("LPTSTR")] byte* lpszDate, int nMaxLength) => GetCurrentDate(TextBuffer.Ansi(lpszDate, nMaxLength));

    private static int GetCurrentDate(TextBuffer buffer)
    {
        try
        {
            Library.Enter();
            return buffer.Put(SmtpSession.CurrentDate());
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
