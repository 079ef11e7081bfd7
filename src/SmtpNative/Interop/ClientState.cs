using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>What an HCLIENT stands for: the session, its owner thread and the one-thread-at-a-time gate.</summary>
internal sealed class ClientState(SmtpSession session, uint ownerThread, bool freeThread) : OwnedHandle(ownerThread, freeThread)
{
    public SmtpSession Session { get; } = session;
    /// <summary>The last sender and recipient list passed to SmtpSendMessage, decoded once while they repeat.</summary>
    public readonly TextCache SenderText = new(), RecipientText = new();

    /// <summary>The HCLIENT value (set once the handle exists).</summary>
    public nint Handle;

    /// <summary>Callbacks registered with SmtpRegisterEvent (created on first registration).</summary>
    public EventTable? Events;
}

/// <summary>
/// A checked-out client for the duration of one export: valid handle, library initialized, caller is
/// the owner thread (or the handle is free-threaded), no other thread inside. Dispose lets the next in.
/// </summary>
internal readonly ref struct ClientLease
{
    private readonly bool _nested;
    public ClientState State { get; }
    public SmtpSession Session => State.Session;

    public ClientLease(ClientState state, bool nested = false)
    {
        State = state;
        _nested = nested;
    }

    public void Dispose()
    {
        if (!_nested) State.Leave();
    }
}

/// <summary>The handle table of HCLIENT values.</summary>
internal static class Clients
{
    public const int Kind = 1;
    public static readonly HandleTable<ClientState> Table = new(Kind);

    public static nint Add(SmtpSession session)
    {
        var state = new ClientState(session, OsThread.CurrentId, (session.Options & SmtpOptions.Freethread) != 0);
        nint handle = Table.Add(state);
        state.Handle = handle;
        session.TraceId = handle;
        return handle;
    }

    /// <summary>The first statement of every export that takes an HCLIENT.</summary>
    public static ClientLease Enter(nint handle)
    {
        Library.Enter();
        var state = Lookup(handle);
        state.Enter();
        return new ClientLease(state);
    }

    /// <summary>
    /// For functions that only read (result code and text, status, progress): like <see cref="Enter"/>,
    /// but also allowed from an event or trace callback running inside a call on the same handle
    /// (the lease is then nested and leaves the gate to the outer call).
    /// </summary>
    public static ClientLease EnterQuery(nint handle)
    {
        Library.Enter();
        var state = Lookup(handle);
        if (state.IsBusyOnThisThread)
            return new ClientLease(state, nested: true);
        return Enter(handle);
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
