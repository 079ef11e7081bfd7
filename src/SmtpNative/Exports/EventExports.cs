using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>
/// An event callback (SmtpRegisterEvent). Runs on the thread of the call in progress, inside that call:
/// it may call SmtpCancel, SmtpGetStatus, SmtpIsBlocking, SmtpGetTransferStatus, SmtpGetResultCode,
/// SmtpGetResultString, SmtpGetEnhancedStatus, SmtpGetRecipientStatus, SmtpIsReadable/IsWritable and
/// SmtpGetLastError on the same handle, and anything on other handles; any other function on the same
/// handle fails with ST_ERROR_HANDLE_BUSY. Keep it short: the call waits for it.
/// </summary>
[CCallback("SMTPEVENTPROC")]
public delegate void EventProc(nint hClient, uint nEventId, uint dwError, nuint dwParam);

/// <summary>Event callbacks and event windows.</summary>
public static unsafe class EventExports
{
    /// <summary>
    /// Registers lpEventProc for one SMTP_EVENT_* on this handle (replacing the one before), or unregisters it
    /// with NULL. Events: SMTP_EVENT_READ (bytes arrived), SMTP_EVENT_WRITE (one per network write),
    /// SMTP_EVENT_COMMAND (a reply completed), SMTP_EVENT_PROGRESS (content: at least every 64 KiB and at the
    /// end), SMTP_EVENT_TIMEOUT, SMTP_EVENT_CANCEL, SMTP_EVENT_DISCONNECT; SMTP_EVENT_CONNECT is delivered once,
    /// at registration, when the handle is connected (SmtpConnect has returned before any callback can exist).
    /// dwError is 0 or the ST_ERROR_* of a TIMEOUT/CANCEL. See SMTPEVENTPROC for what a callback may call.
    /// </summary>
    /// <param name="nEventId">An SMTP_EVENT_* value.</param>
    /// <param name="lpEventProc">The callback, or NULL to unregister.</param>
    /// <param name="dwParam">Passed to the callback unchanged.</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_INVALID_PARAMETER for an unknown event).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpRegisterEvent", CallConvs = [typeof(CallConvStdcall)])]
    public static int RegisterEvent(nint hClient, uint nEventId,
        [CType("SMTPEVENTPROC")] delegate* unmanaged[Stdcall]<nint, uint, uint, nuint, void> lpEventProc, nuint dwParam)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (nEventId < (uint)SmtpEvent.Connect || nEventId > (uint)SmtpEvent.Progress)
                throw new SmtpException(SmtpError.InvalidParameter, "nEventId is not an SMTP_EVENT_* value");
            var table = Table(client.State);
            table.Register((SmtpEvent)nEventId, lpEventProc, dwParam);
            if (nEventId == (uint)SmtpEvent.Connect && lpEventProc != null && client.Session.IsConnected)
                table.Raise(SmtpEvent.Connect, SmtpError.Success);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Windows: posts every event to a window as message uEventMsg with wParam = HCLIENT and
    /// lParam = event id | (error &amp; 0xFFFF) &lt;&lt; 16. Elsewhere ST_ERROR_NOT_SUPPORTED (use SmtpRegisterEvent).
    /// </summary>
    /// <param name="hEventWnd">The window (HWND) that receives the messages.</param>
    /// <param name="uEventMsg">The message number (WM_USER or above).</param>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpEnableEvents", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnableEvents(nint hClient, [CType("LPVOID")] nint hEventWnd, uint uEventMsg)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (!OperatingSystem.IsWindows())
                throw new SmtpException(SmtpError.NotSupported, "Event windows exist only on Windows; use SmtpRegisterEvent");
            if (hEventWnd == 0)
                throw new SmtpException(SmtpError.InvalidParameter, "hEventWnd must not be NULL");
            Table(client.State).SetWindow(hEventWnd, uEventMsg);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>Windows: stops posting events to the window of SmtpEnableEvents. Elsewhere ST_ERROR_NOT_SUPPORTED.</summary>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpDisableEvents", CallConvs = [typeof(CallConvStdcall)])]
    public static int DisableEvents(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (!OperatingSystem.IsWindows())
                throw new SmtpException(SmtpError.NotSupported, "Event windows exist only on Windows; use SmtpRegisterEvent");
            client.State.Events?.SetWindow(0, 0);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Windows: suspends (bFreeze TRUE) or resumes (FALSE) the delivery of events to the window and to the
    /// callbacks; events raised while frozen are dropped, not queued. Elsewhere ST_ERROR_NOT_SUPPORTED.
    /// </summary>
    /// <param name="bFreeze">TRUE to suspend, FALSE to resume.</param>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpFreezeEvents", CallConvs = [typeof(CallConvStdcall)])]
    public static int FreezeEvents(nint hClient, int bFreeze)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (!OperatingSystem.IsWindows())
                throw new SmtpException(SmtpError.NotSupported, "Event windows exist only on Windows; use SmtpRegisterEvent");
            Table(client.State).Frozen = bFreeze != 0;
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    private static EventTable Table(ClientState state)
    {
        if (state.Events is null)
        {
            state.Events = new EventTable(state.Handle);
            state.Session.Events = state.Events;
        }
        return state.Events;
    }
}
