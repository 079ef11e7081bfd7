using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>
/// The SmtpRegisterEvent callbacks of one handle, one slot per SMTP_EVENT_*, and the Windows event
/// window of SmtpEnableEvents. Raised on the thread of the call in progress, with no lock held; the
/// callback gets (HCLIENT, nEventId, dwError, dwParam).
/// </summary>
internal sealed unsafe partial class EventTable(nint handle) : ISessionEvents
{
    private const int Slots = (int)SmtpEvent.Progress + 1;

    private readonly nint[] _procs = new nint[Slots];
    private readonly nuint[] _params = new nuint[Slots];
    private volatile bool _frozen;
    private nint _window;
    private uint _message;

    public bool IsEmpty
    {
        get
        {
            foreach (var p in _procs) if (p != 0) return false;
            return _window == 0;
        }
    }

    /// <summary>Sets (or with a NULL proc clears) the callback of one event.</summary>
    public void Register(SmtpEvent e, delegate* unmanaged[Stdcall]<nint, uint, uint, nuint, void> proc, nuint param)
    {
        Volatile.Write(ref _params[(int)e], param);
        Volatile.Write(ref _procs[(int)e], (nint)proc);
    }

    /// <summary>SmtpFreezeEvents: while frozen, events are dropped (not queued).</summary>
    public bool Frozen
    {
        get => _frozen;
        set => _frozen = value;
    }

    /// <summary>SmtpEnableEvents (Windows): every event is also posted to the window as (wParam = HCLIENT, lParam = event | error &lt;&lt; 16).</summary>
    public void SetWindow(nint window, uint message)
    {
        _message = message;
        Volatile.Write(ref _window, window);
    }

    public void Raise(SmtpEvent e, SmtpError error)
    {
        if (_frozen || (uint)e >= Slots) return;
        nint proc = Volatile.Read(ref _procs[(int)e]);
        if (proc != 0)
            ((delegate* unmanaged[Stdcall]<nint, uint, uint, nuint, void>)proc)(handle, (uint)e, (uint)error, Volatile.Read(ref _params[(int)e]));
        nint window = Volatile.Read(ref _window);
        if (window != 0 && OperatingSystem.IsWindows())
            PostMessageW(window, _message, handle, (nint)(((uint)e & 0xFFFF) | ((uint)error & 0xFFFF) << 16));
    }

    [LibraryImport("user32", EntryPoint = "PostMessageW")]
    private static partial int PostMessageW(nint window, uint message, nint wParam, nint lParam);
}
