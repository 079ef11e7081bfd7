using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

public sealed partial class SmtpSession
{
    /// <summary>A message of a batch that passed the local checks, ready to go on the wire.</summary>
    private sealed class BatchEnvelope
    {
        public int Index = -1;
        public string Sender = "";
        public List<string> Recipients = [];
        public string? Parameters;
        public bool SmtpUtf8;
        public long Length;
    }

    /// <summary>
    /// Sends every message of <paramref name="batch"/> over this connection, each its own transaction.
    /// With PIPELINING, RFC 2920 pipelining across messages: the content of one message, its end-of-data
    /// mark and the MAIL, RCPT and DATA of the next go in one write, so each message costs one round trip.
    /// A message refused (locally, or by the server) gets its result and the batch goes on; a failure that
    /// breaks the connection throws, and the messages without a result were not accepted.
    /// After the call <see cref="Recipients"/> and <see cref="Reply"/> describe the last message sent.
    /// </summary>
    /// <returns>The number of messages the server accepted.</returns>
    public int SendBatch(IMessageBatch batch)
    {
        RequireNoTransaction();
        var c = Live;
        if (!Pipelining)
            return SendBatchOneByOne(batch);

        using var status = Enter(SmtpStatus.Command);
        int accepted = 0;
        var current = new BatchEnvelope();
        var next = new BatchEnvelope();
        try
        {
            bool haveCurrent = PrepareNext(batch, 0, current);
            if (haveCurrent)
            {
                WriteEnvelope(c, current);
                c.Flush();
            }
            while (haveCurrent)
            {
                // The replies to this message's MAIL, RCPT... and DATA; a refusal is cleaned up by the
                // reply readers (stray DATA ended, RSET) before they throw.
                bool dataOpen = false;
                _recipients.Clear();
                _txSmtpUtf8 = current.SmtpUtf8;
                _tx = TransactionState.MailPending;
                try
                {
                    ReadMailReply(current.Recipients.Count + 1);
                    foreach (var r in current.Recipients)
                        ReadRecipientReply(r);
                    ReadDataReply();
                    dataOpen = true;
                }
                catch (SmtpException e) when (!IsBroken(e))
                {
                    batch.Complete(current.Index, e.Code, Reply.Code);
                }

                if (dataOpen)
                {
                    BeginContent(current.Length, bdat: false);
                    batch.Content(current.Index).CopyTo(this);
                    _writer.Finish(c);
                    c.Mode = WireMode.Command;
                }
                // One write: this message's content and final dot, then the next envelope.
                bool haveNext = PrepareNext(batch, current.Index + 1, next);
                if (haveNext)
                    WriteEnvelope(c, next);
                c.Flush();

                if (dataOpen)
                {
                    ReadReplyCore(Reply);
                    _tx = TransactionState.None;
                    EndTransfer();
                    bool ok = Reply.Code == 250;
                    if (ok) accepted++;
                    batch.Complete(current.Index, ok ? SmtpError.Success : SmtpError.CommandRejected, Reply.Code);
                }
                (current, next) = (next, current);
                haveCurrent = haveNext;
            }
            return accepted;
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
        catch (SmtpException e) when (e.Code is SmtpError.InvalidMessage or SmtpError.FileNotFound)
        {
            // A file that changed or vanished after it was checked, inside DATA: see AbandonContent.
            AbandonContent();
            throw;
        }
    }

    /// <summary>Without PIPELINING: one whole transaction per message, the batch goes on after a refusal.</summary>
    private int SendBatchOneByOne(IMessageBatch batch)
    {
        int accepted = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            try
            {
                SendMessage(batch.Sender(i), batch.Recipients(i), batch.Content(i));
                accepted++;
                batch.Complete(i, SmtpError.Success, Reply.Code);
            }
            catch (SmtpException e) when (IsConnected && !IsBroken(e))
            {
                batch.Complete(i, e.Code, LocalRefusal(e.Code) ? 0 : Reply.Code);
            }
        }
        return accepted;
    }

    /// <summary>
    /// Fills <paramref name="envelope"/> with the first message from <paramref name="start"/> on that passes
    /// the local checks (addresses, content, size); the ones that fail get their result on the way.
    /// </summary>
    private bool PrepareNext(IMessageBatch batch, int start, BatchEnvelope envelope)
    {
        for (int i = start; i < batch.Count; i++)
        {
            try
            {
                envelope.Sender = _envelopes.Sender(batch.Sender(i));
                envelope.Recipients = _envelopes.Recipients(batch.Recipients(i));
                if (envelope.Recipients.Count == 0)
                    throw new SmtpException(SmtpError.InvalidParameter, "No recipient was given");
                envelope.SmtpUtf8 = NeedsSmtpUtf8(envelope.Sender, envelope.Recipients);
                var (length, eightBit) = batch.Content(i).Inspect();
                envelope.Parameters = MailParameters(length, eightBit, envelope.SmtpUtf8);
                envelope.Length = length;
                envelope.Index = i;
                return true;
            }
            catch (SmtpException e) when (LocalRefusal(e.Code))
            {
                batch.Complete(i, e.Code, 0);
            }
        }
        return false;
    }

    /// <summary>The errors raised before anything of a message is sent.</summary>
    private static bool LocalRefusal(SmtpError code) => code is SmtpError.InvalidAddress or SmtpError.InvalidParameter
        or SmtpError.InvalidMessage or SmtpError.MessageTooLarge or SmtpError.Smtputf8Required or SmtpError.FileNotFound
        or SmtpError.NotSupported;

    /// <summary>MAIL FROM, every RCPT TO and DATA into the write buffer, without touching the state of the transaction still in flight.</summary>
    private void WriteEnvelope(SmtpConnection c, BatchEnvelope envelope)
    {
        CommandWriter.AppendPath(c, "MAIL FROM:", envelope.Sender, envelope.Parameters);
        foreach (var r in envelope.Recipients)
            CommandWriter.AppendPath(c, "RCPT TO:", r, RecipientParameters(r));
        c.Write("DATA\r\n"u8);
    }
}
