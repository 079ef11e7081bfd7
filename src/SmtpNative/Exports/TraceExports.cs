using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>
/// A trace callback (SmtpSetTraceCallback): one transcript line, UTF-8, NUL-terminated, valid only during
/// the call. hClient is the handle the line belongs to (0 while SmtpConnect has not returned yet). Runs on
/// the thread doing the I/O, inside the call: the same rules as SMTPEVENTPROC apply.
/// </summary>
[CCallback("SMTPTRACEPROC")]
public unsafe delegate void TraceProc(nint hClient, [CType("LPCSTR")] byte* lpszLine, nuint dwParam);

/// <summary>The protocol transcript, process-wide.</summary>
public static unsafe class TraceExports
{
    /// <summary>
    /// Writes a transcript of every connection of the process to a file: "[handle] C: MAIL FROM:&lt;a@b&gt;",
    /// "[handle] S: 250 OK", one line each. Message content appears only as "&lt;N bytes of message content&gt;".
    /// AUTH payloads, passwords and tokens never appear: an AUTH command shows as "AUTH PLAIN ****", SASL
    /// continuation lines as "****", server challenges as "334 ****". Enabling again switches to the new file.
    /// </summary>
    /// <param name="lpszTraceFile">The file to write (created or replaced; appended with SMTP_TRACE_APPEND).</param>
    /// <param name="dwTraceFlags">SMTP_TRACE_* flags: APPEND, TIMESTAMP, WRITES (mark each network write).</param>
    /// <returns>TRUE, or FALSE (ST_ERROR_FILE_NOT_FOUND when the file cannot be opened).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpEnableTraceA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int EnableTraceA(byte* lpszTraceFile, uint dwTraceFlags) => EnableTrace(TextArg.Ansi(lpszTraceFile), dwTraceFlags);

    [UnmanagedCallersOnly(EntryPoint = "SmtpEnableTraceW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int EnableTraceW(char* lpszTraceFile, uint dwTraceFlags) => EnableTrace(TextArg.Wide(lpszTraceFile), dwTraceFlags);

    [UnmanagedCallersOnly(EntryPoint = "SmtpEnableTrace", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int EnableTracePlain(byte* lpszTraceFile, uint dwTraceFlags) => EnableTrace(TextArg.Ansi(lpszTraceFile), dwTraceFlags);

    private static int EnableTrace(TextArg file, uint flags)
    {
        try
        {
            Library.Enter();
            if ((flags & ~(uint)(SmtpTraceFlags.Append | SmtpTraceFlags.Timestamp | SmtpTraceFlags.Writes)) != 0)
                throw new SmtpException(SmtpError.InvalidParameter, "dwTraceFlags has bits that are not SMTP_TRACE_*");
            ProtocolTrace.Enable(file.Required("lpszTraceFile"), (SmtpTraceFlags)flags);
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>Stops the trace file (the trace callback, if set, goes on).</summary>
    /// <returns>TRUE when a trace file was open, FALSE when none was.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpDisableTrace", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int DisableTrace()
    {
        try
        {
            Library.Enter();
            return ProtocolTrace.Disable() ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// [new] Sends every transcript line (the same redacted lines as the trace file, without prefix) to a
    /// callback as well, or stops with NULL. Process-wide, like SmtpEnableTrace; independent of the file.
    /// </summary>
    /// <param name="lpTraceProc">The callback, or NULL to stop.</param>
    /// <param name="dwParam">Passed to the callback unchanged.</param>
    /// <returns>TRUE, or FALSE.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSetTraceCallback", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int SetTraceCallback([CType("SMTPTRACEPROC")] delegate* unmanaged[Stdcall]<nint, byte*, nuint, void> lpTraceProc, nuint dwParam)
    {
        try
        {
            Library.Enter();
            if (lpTraceProc == null)
            {
                ProtocolTrace.SetCallback(null);
                return 1;
            }
            nint proc = (nint)lpTraceProc;
            ProtocolTrace.SetCallback((id, line) => Deliver(proc, id, line, dwParam));
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    private static void Deliver(nint proc, long id, string line, nuint param)
    {
        int max = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
        byte[]? rented = max > 1024 ? new byte[max] : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        int n = Encoding.UTF8.GetBytes(line, buffer);
        buffer[n] = 0;
        fixed (byte* p = buffer)
            ((delegate* unmanaged[Stdcall]<nint, byte*, nuint, void>)proc)((nint)id, p, param);
    }
}
