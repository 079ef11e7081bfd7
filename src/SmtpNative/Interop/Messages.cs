using MimeKit;
using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>What an HMESSAGE stands for: a MimeKit message owned by the thread that made it.</summary>
internal sealed class MessageState(MimeMessage message) : OwnedHandle(OsThread.CurrentId, freeThread: false)
{
    public MimeMessage Message { get; } = message;
}

/// <summary>A checked-out message for the duration of one export (same rules as <see cref="ClientLease"/>).</summary>
internal readonly ref struct MessageLease
{
    public MessageState State { get; }
    public MimeMessage Message => State.Message;

    public MessageLease(MessageState state) => State = state;

    public void Dispose() => State.Leave();
}

/// <summary>The handle table of HMESSAGE values (kind 2).</summary>
internal static class Messages
{
    public const int Kind = 2;
    public static readonly HandleTable<MessageState> Table = new(Kind);

    public static nint Add(MimeMessage message) => Table.Add(new MessageState(message));

    /// <summary>The first statement of every export that takes an HMESSAGE.</summary>
    public static MessageLease Enter(nint handle)
    {
        Library.Enter();
        var state = Table.Get(handle) ?? throw new SmtpException(SmtpError.InvalidHandle);
        state.Enter();
        return new MessageLease(state);
    }

    public static void Remove(nint handle, MessageState state)
    {
        state.Closed = true;
        Table.Remove(handle);
        state.Message.Dispose();
    }

    public static void CloseAll()
    {
        foreach (var state in Table.Clear())
        {
            state.Closed = true;
            if (state.TryEnter())
            {
                state.Message.Dispose();
                state.Leave();
            }
        }
    }
}
