using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>What the server said it supports in its EHLO reply (after TLS: what it said after TLS).</summary>
public static unsafe class ExtensionExports
{
    /// <summary>
    /// Whether the server speaks ESMTP, and which extensions it offers as SMTP_EXTOPT_* bits (AUTH mechanisms
    /// as SMTP_EXTOPT_AUTH* bits).
    /// </summary>
    /// <param name="lpdwOptions">Receives the SMTP_EXTOPT_* bits (0 after a HELO fallback); may be NULL.</param>
    /// <returns>TRUE when the server answered EHLO; FALSE after a HELO fallback (last error 0) or on failure.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetExtendedOptions", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int GetExtendedOptions(nint hClient, uint* lpdwOptions)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            var caps = client.Session.Capabilities;
            if (lpdwOptions != null)
                *lpdwOptions = (uint)caps.Flags;
            return caps.IsExtended ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// The EHLO keyword lines as the server sent them ("SIZE 10240000", "AUTH PLAIN LOGIN", ...), without
    /// the reply codes and the greeting line, control characters removed, as a list: each line
    /// NUL-terminated, the list ending with an empty item.
    /// </summary>
    /// <param name="lpszBuffer">Receives the list; NULL to learn the count and the size.</param>
    /// <param name="lpcchBuffer">In: the buffer's size in characters. Out: the characters the whole list needs,
    /// both terminating NULs included.</param>
    /// <returns>The number of lines, or SMTP_ERROR (ST_ERROR_BUFFER_TOO_SMALL: the buffer then holds an empty list).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetExtensionsA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetExtensionsA(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        GetExtensions(hClient, TextList.Ansi(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetExtensionsW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetExtensionsW(nint hClient, [CType("LPTSTR")] char* lpszBuffer, uint* lpcchBuffer) =>
        GetExtensions(hClient, TextList.Wide(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetExtensions", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetExtensionsPlain(nint hClient, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        GetExtensions(hClient, TextList.Ansi(lpszBuffer, lpcchBuffer));

    private static int GetExtensions(nint hClient, TextList list)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            return list.Put(client.Session.Capabilities.Lines);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>The largest message the server accepts, from its SIZE extension (RFC 1870).</summary>
    /// <returns>Bytes (at most 2147483647); 0 when the server set no limit or did not say; SMTP_ERROR on failure.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetMaxMessageSize", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetMaxMessageSize(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            return (int)Math.Min(client.Session.Capabilities.MaxMessageSize, int.MaxValue);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
