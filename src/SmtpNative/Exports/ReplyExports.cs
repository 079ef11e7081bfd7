using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>The server's last reply on a handle.</summary>
public static unsafe class ReplyExports
{
    /// <summary>The code of the last reply the server sent on this handle (220, 250, 354, 550, ...); 0 before any.</summary>
    /// <returns>The code, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetResultCode", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetResultCode(nint hClient)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            return client.Session.Reply.Code;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// The text of the last reply, without the codes: every line, separated by a single LF ("\n"),
    /// with every other control character removed and invalid UTF-8 replaced, so it is safe to
    /// print. Follows the output-buffer rule.
    /// </summary>
    /// <returns>Characters copied (or needed, with a NULL buffer), or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetResultStringA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetResultStringA(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Ansi(lpszBuffer, nMaxLength), enhanced: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetResultStringW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetResultStringW(nint hClient, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Wide(lpszBuffer, nMaxLength), enhanced: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetResultString", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetResultStringPlain(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Ansi(lpszBuffer, nMaxLength), enhanced: false);

    /// <summary>
    /// The RFC 3463 enhanced status code of the last reply ("5.1.1"), when the server put one at the
    /// start of the reply; "" (return 0) when it did not. Follows the output-buffer rule.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetEnhancedStatusA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetEnhancedStatusA(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Ansi(lpszBuffer, nMaxLength), enhanced: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetEnhancedStatusW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetEnhancedStatusW(nint hClient, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Wide(lpszBuffer, nMaxLength), enhanced: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetEnhancedStatus", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetEnhancedStatusPlain(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetResultString(hClient, TextBuffer.Ansi(lpszBuffer, nMaxLength), enhanced: true);

    private static int GetResultString(nint hClient, TextBuffer buffer, bool enhanced)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            var reply = client.Session.Reply;
            return buffer.Put(enhanced ? reply.EnhancedStatus ?? "" : reply.Text);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
