using SmtpNative.Core.Protocol;

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
    }

    /// <summary>
    /// Sends every message of <paramref name="batch"/> over this connection. With PIPELINING, RFC 2920
    /// pipelining across messages: the content of one message, its end-of-data mark and the MAIL, RCPT
    /// and DATA of the next go in one write, so each message costs one round trip. A message refused
    /// (locally, or by the server) gets its result and the batch goes on; a failure that breaks the
    /// connection throws, and the messages without a result were not accepted.
    /// After the call <see cref="Recipients"/> and <see cref="Reply"/> describe the last message sent.
    /// </summary>
    /// <returns>The number of messages the server accepted.</returns>
    public int SendBatch(IMessageBatch batch)
    {
        var c = Live;
        if (!Capabilities.Has(SmtpExtensions.Pipelining) || (Options & SmtpOptions.Nopipelining) != 0)
            return SendBatchOneByOne(batch);

        int accepted = 0;
        var current = new BatchEnvelope();
        var next = new BatchEnvelope();
        try
        {
            bool haveCurrent = PrepareNext(batch, 0, current);
            if (haveCurrent)
            {
                WriteEnvelope(current);
                c.Flush();
            }
            while (haveCurrent)
            {
                // The replies to the current message's MAIL, RCPT... and DATA.
                bool dataOpen = false, resetFirst = false;
                _recipients.Clear();
                try
                {
                    ReadPipelinedReplies(current.Recipients);
                    dataOpen = Reply.Code == 354;
                    if (!dataOpen)
                    {
                        batch.Complete(current.Index, AnyAccepted() ? SmtpError.CommandRejected : SmtpError.NoValidRecipients, Reply.Code);
                        resetFirst = true;
                    }
                }
                catch (SmtpException e) when (!BreaksConnection(e.Code))
                {
                    batch.Complete(current.Index, e.Code, Reply.Code);
                    resetFirst = true;
                }

                if (dataOpen)
                {
                    var writer = new DotStuffingWriter();
                    batch.Content(current.Index).CopyTo(c, ref writer);
                    writer.Finish(c);
                }
                else if (resetFirst)
                {
                    // The transaction may still hold a sender on the server side: clear it before the next.
                    CommandWriter.AppendLine(c, "RSET");
                }

                // One write: this message's data and final dot (or RSET), then the next envelope.
                bool haveNext = PrepareNext(batch, current.Index + 1, next);
                if (haveNext)
                    WriteEnvelope(next);
                c.Flush();

                if (dataOpen)
                {
                    ReadReplyCore(Reply);
                    bool ok = Reply.Code == 250;
                    if (ok) accepted++;
                    batch.Complete(current.Index, ok ? SmtpError.Success : SmtpError.CommandRejected, Reply.Code);
                }
                else
                {
                    ReadReplyCore(_scratch);
                }
                (current, next) = (next, current);
                haveCurrent = haveNext;
            }
            return accepted;
        }
        catch (SmtpException e) when (BreaksConnection(e.Code) || e.Code == SmtpError.InvalidMessage)
        {
            // InvalidMessage here means a file changed after it was checked, inside DATA: the end-of-data
            // mark must not follow, so the connection goes (the server discards that message).
            Close();
            throw;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            var translated = c.Translate(e);
            Close();
            throw translated;
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
            catch (SmtpException e) when (IsConnected && !BreaksConnection(e.Code))
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
                var (length, eightBit) = batch.Content(i).Inspect();
                envelope.Parameters = MailParameters(envelope.Sender, envelope.Recipients, length, eightBit);
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

    private void WriteEnvelope(BatchEnvelope envelope)
    {
        var c = Live;
        CommandWriter.AppendPath(c, "MAIL FROM:", envelope.Sender, envelope.Parameters);
        foreach (var r in envelope.Recipients)
            CommandWriter.AppendPath(c, "RCPT TO:", r, null);
        c.Write("DATA\r\n"u8);
    }
}
