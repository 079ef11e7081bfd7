using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// The rules every handle kind (HCLIENT, HMESSAGE) shares: it belongs to the thread that made it
/// (unless free-threaded), and one thread at a time is inside it.
/// </summary>
internal abstract class OwnedHandle(uint ownerThread, bool freeThread)
{
    public uint OwnerThread = ownerThread;
    public bool FreeThread { get; } = freeThread;
    public volatile bool Closed;
    private int _busy;
    private uint _busyThread;

    /// <summary>True while a thread is inside a call on the handle (SmtpIsBlocking).</summary>
    public bool IsBusy => Volatile.Read(ref _busy) != 0;

    /// <summary>True when the calling thread is the one inside a call (it is running an event or trace callback).</summary>
    public bool IsBusyOnThisThread => IsBusy && Volatile.Read(ref _busyThread) == OsThread.CurrentId;

    public bool TryEnter()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        Volatile.Write(ref _busyThread, OsThread.CurrentId);
        return true;
    }

    public void Leave()
    {
        Volatile.Write(ref _busyThread, 0);
        Volatile.Write(ref _busy, 0);
    }

    /// <summary>Owner check, then the busy gate; the caller must Leave() afterwards.</summary>
    public void Enter()
    {
        if (!FreeThread && OwnerThread != OsThread.CurrentId)
            throw new SmtpException(SmtpError.NotHandleOwner);
        if (!TryEnter())
            throw new SmtpException(SmtpError.HandleBusy);
        if (Closed)
        {
            Leave();
            throw new SmtpException(SmtpError.InvalidHandle);
        }
    }
}
