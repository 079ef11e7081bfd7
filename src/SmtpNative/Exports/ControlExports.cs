using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Progress of the message content being sent (SmtpGetTransferStatus).</summary>
[CStruct("SMTPTRANSFERSTATUS")]
[StructLayout(LayoutKind.Sequential)]
public struct TransferStatusNative
{
    /// <summary>Message size in bytes when known (0 for a staged message created with size 0).</summary>
    public uint dwBytesTotal;
    /// <summary>Content bytes sent so far.</summary>
    public uint dwBytesCopied;
    /// <summary>Average rate since the content began.</summary>
    public uint dwBytesPerSecond;
    /// <summary>Seconds since the content began.</summary>
    public uint dwTimeElapsed;
    /// <summary>Seconds still needed at the average rate (0 when unknown or done).</summary>
    public uint dwTimeEstimated;
}

/// <summary>Cancel, status and progress of a client handle.</summary>
public static unsafe class ControlExports
{
    /// <summary>
    /// Cancels the call blocked on this handle: it returns within about 100 ms with
    /// ST_ERROR_OPERATION_CANCELED (and SMTP_EVENT_CANCEL). May be called from ANY thread, also from an event
    /// callback. The connection is closed (a half-done command cannot be resumed); SmtpDisconnect frees the
    /// handle. Called while no call is blocked, it closes the connection all the same.
    /// </summary>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_INVALID_HANDLE).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpCancel", CallConvs = [typeof(CallConvStdcall)])]
    public static int Cancel(nint hClient)
    {
        try
        {
            Library.Enter();
            Clients.Lookup(hClient).Session.Cancel();
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// What the handle is doing: SMTP_STATUS_IDLE, SMTP_STATUS_COMMAND (waiting for a reply),
    /// SMTP_STATUS_SENDING (message content), SMTP_STATUS_CLOSING, SMTP_STATUS_DISCONNECTED. May be called
    /// from any thread (it only reads).
    /// </summary>
    /// <returns>An SMTP_STATUS_* value, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetStatus", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetStatus(nint hClient)
    {
        try
        {
            Library.Enter();
            return (int)Clients.Lookup(hClient).Session.Status;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>TRUE while a call is in progress on the handle (on any thread). May be called from any thread.</summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpIsBlocking", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int IsBlocking(nint hClient)
    {
        try
        {
            Library.Enter();
            return Clients.Lookup(hClient).IsBusy ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>TRUE when data from the server is waiting to be read (a reply, or the server closing). FALSE otherwise or when not connected.</summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpIsReadable", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int IsReadable(nint hClient)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            return client.Session.IsReadable ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>TRUE when the connection can take data without waiting. FALSE otherwise or when not connected.</summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpIsWritable", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int IsWritable(nint hClient)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            return client.Session.IsWritable ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// Progress of the current (or last) message content: bytes total and sent, rate, seconds elapsed and
    /// estimated. Allowed from an SMTP_EVENT_PROGRESS callback on the same handle. Values above 4 GiB are
    /// clamped to 0xFFFFFFFF.
    /// </summary>
    /// <param name="lpStatus">Receives the status.</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_INVALID_PARAMETER for NULL).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetTransferStatus", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetTransferStatus(nint hClient, TransferStatusNative* lpStatus)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            if (lpStatus == null)
                throw new SmtpException(SmtpError.InvalidParameter, "lpStatus must not be NULL");
            var t = client.Session.Transfer;
            *lpStatus = new TransferStatusNative
            {
                dwBytesTotal = Clamp(t.BytesTotal),
                dwBytesCopied = Clamp(t.BytesCopied),
                dwBytesPerSecond = Clamp(t.BytesPerSecond),
                dwTimeElapsed = Clamp(t.TimeElapsed),
                dwTimeEstimated = Clamp(t.TimeEstimated),
            };
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    private static uint Clamp(long v) => v <= 0 ? 0 : v >= uint.MaxValue ? uint.MaxValue : (uint)v;
}
