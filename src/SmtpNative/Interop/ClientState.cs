using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>What an HCLIENT stands for: the session, its owner thread and the one-thread-at-a-time gate.</summary>
internal sealed class ClientState(SmtpSession session, uint ownerThread, bool freeThread)
{
    public SmtpSession Session { get; } = session;
    public uint OwnerThread = ownerThread;
    public bool FreeThread { get; } = freeThread;
    public volatile bool Closed;
    /// <summary>The last sender and recipient list passed to SmtpSendMessage, decoded once while they repeat.</summary>
    public readonly TextCache SenderText = new(), RecipientText = new();
    private int _busy;

    public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Leave() => Volatile.Write(ref _busy, 0);
}

/// <summary>
/// A checked-out client for the duration of one export: valid handle, library initialized, caller is
/// the owner thread (or the handle is free-threaded), no other thread inside. Dispose lets the next in.
/// </summary>
internal readonly ref struct ClientLease
{
    public ClientState State { get; }
    public SmtpSession Session => State.Session;

    public ClientLease(ClientState state) => State = state;

    public void Dispose() => State.Leave();
}

/// <summary>The handle table of HCLIENT values.</summary>
internal static class Clients
{
    public const int Kind = 1;
    public static readonly HandleTable<ClientState> Table = new(Kind);

    public static nint Add(SmtpSession session) =>
        Table.Add(new ClientState(session, OsThread.CurrentId, (session.Options & SmtpOptions.Freethread) != 0));

    /// <summary>The first statement of every export that takes an HCLIENT.</summary>
    public static ClientLease Enter(nint handle)
    {
        Library.Enter();
        var state = Lookup(handle);
        if (!state.FreeThread && state.OwnerThread != OsThread.CurrentId)
            throw new SmtpException(SmtpError.NotHandleOwner);
        if (!state.TryEnter())
            throw new SmtpException(SmtpError.HandleBusy);
        if (state.Closed)
        {
            state.Leave();
            throw new SmtpException(SmtpError.InvalidHandle);
        }
        return new ClientLease(state);
    }

    /// <summary>The state without the owner and busy checks (SmtpCancel, SmtpAttachThread).</summary>
    public static ClientState Lookup(nint handle)
    {
        if (!Library.IsInitialized)
            throw new SmtpException(SmtpError.NotInitialized);
        return Table.Get(handle) ?? throw new SmtpException(SmtpError.InvalidHandle);
    }

    /// <summary>Frees the handle of a lease the caller holds; the session is disposed.</summary>
    public static void Remove(nint handle, ClientState state)
    {
        state.Closed = true;
        Table.Remove(handle);
        state.Session.Dispose();
    }

    public static void CloseAll()
    {
        foreach (var state in Table.Clear())
        {
            state.Closed = true;
            state.Session.Cancel();
            if (state.TryEnter())
            {
                state.Session.Dispose();
                state.Leave();
            }
        }
    }
}
