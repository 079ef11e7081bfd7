using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>Where the mail transaction on a session stands.</summary>
internal enum TransactionState
{
    /// <summary>No transaction: MAIL FROM may come.</summary>
    None,
    /// <summary>MAIL FROM is written (pipelined) but its reply is not read yet.</summary>
    MailPending,
    /// <summary>MAIL FROM accepted: RCPT TO may come, then content.</summary>
    Open,
    /// <summary>Content is being sent (after DATA's 354, or between BDAT chunks).</summary>
    Content,
}

/// <summary>
/// The pieces of a mail transaction — MAIL parameters, MAIL FROM, RCPT TO with recipient recording,
/// DATA/BDAT content — shared by <see cref="SendMessage"/> (one call) and the staged API
/// (SmtpSession.Staged.cs), so both put the same bytes on the wire.
/// </summary>
public sealed partial class SmtpSession
{
    private readonly List<RecipientStatus> _recipients = [];
    private readonly EnvelopeCache _envelopes = new();
    private ((Capabilities, long, bool, bool) Key, string? Value) _lastMailParameters;
    private TransactionState _tx;
    private bool _txSmtpUtf8;
    private bool _txBdat;
    private DotStuffingWriter _writer;
    private BdatWriter? _bdat;

    /// <summary>Each recipient of the last transaction with the server's answer.</summary>
    public IReadOnlyList<RecipientStatus> Recipients => _recipients;

    /// <summary>DSN options (SMTP_NOTIFY_* | SMTP_RETURN_*), applied when the server offers DSN.</summary>
    public uint DeliveryOptions { get; set; }

    private bool Pipelining => Capabilities.Has(SmtpExtensions.Pipelining) && (Options & SmtpOptions.Nopipelining) == 0;

    private bool Chunking => Capabilities.Has(SmtpExtensions.Chunking) && (Options & SmtpOptions.Nochunking) == 0;

    /// <summary>
    /// One whole transaction: MAIL FROM, RCPT TO for each recipient, DATA (or BDAT), content.
    /// With PIPELINING the commands go in one write and the replies are matched in order.
    /// A refused recipient does not fail the message while another is accepted.
    /// </summary>
    public void SendMessage(string from, string recipientList, MessageContent content)
    {
        RequireNoTransaction();
        // Parsed, IDNA-encoded and checked once while the caller passes the same text.
        string sender = _envelopes.Sender(from);
        var recipients = _envelopes.Recipients(recipientList);
        if (recipients.Count == 0)
            throw new SmtpException(SmtpError.InvalidParameter, "No recipient was given");
        bool utf8 = NeedsSmtpUtf8(sender, recipients);
        var (length, eightBit) = content.Inspect();
        string? mailParameters = MailParameters(length, eightBit, utf8);
        var c = Live;
        bool pipelined = Pipelining, bdat = Chunking;

        using var status = Enter(SmtpStatus.Command);
        try
        {
            WriteMail(c, sender, mailParameters, utf8);
            if (!pipelined)
            {
                c.Flush();
                ReadMailReply(0);
            }
            foreach (var r in recipients)
            {
                WriteRecipient(c, r);
                if (!pipelined)
                {
                    c.Flush();
                    ReadRecipientReply(r);
                }
            }
            if (!pipelined)
                RequireAcceptedRecipient();
            if (!bdat)
                c.Write("DATA\r\n"u8);
            c.Flush();
            if (pipelined)
            {
                ReadMailReply(recipients.Count + (bdat ? 0 : 1));
                foreach (var r in recipients)
                    ReadRecipientReply(r);
            }
            if (!bdat)
                ReadDataReply();
            else if (pipelined)
                RequireAcceptedRecipient();

            BeginContent(length, bdat);
            content.CopyTo(this);
            FinishContent();
            if (!AnyAccepted())
                throw new SmtpException(SmtpError.NoValidRecipients);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
        catch (SmtpException e) when (e.Code is SmtpError.InvalidMessage or SmtpError.FileNotFound)
        {
            AbandonContent();
            throw;
        }
    }

    private static bool NeedsSmtpUtf8(string sender, List<string> recipients)
    {
        bool utf8 = EnvelopeAddress.NeedsSmtpUtf8(sender);
        foreach (var r in recipients)
            utf8 |= EnvelopeAddress.NeedsSmtpUtf8(r);
        return utf8;
    }

    private void RequireNoTransaction()
    {
        if (_tx != TransactionState.None)
            throw new SmtpException(SmtpError.InvalidState, "A staged message is open: finish it with SmtpCloseMessage or abandon it with SmtpReset");
    }

    /// <summary>MAIL FROM into the write buffer (not sent yet); starts a new recipient list.</summary>
    private void WriteMail(SmtpConnection c, string sender, string? parameters, bool smtpUtf8)
    {
        _recipients.Clear();
        _txSmtpUtf8 = smtpUtf8;
        CommandWriter.AppendPath(c, "MAIL FROM:", sender, parameters);
        _tx = TransactionState.MailPending;
    }

    /// <summary>
    /// Reads the reply to MAIL FROM. When the sender is refused, the <paramref name="pipelinedAfter"/>
    /// replies to commands pipelined behind it are read too (a DATA that got 354 regardless is
    /// ended empty, RFC 2920 §3.1), the MAIL reply stays the last reply, and the call fails.
    /// </summary>
    private void ReadMailReply(int pipelinedAfter)
    {
        ReadReplyCore(Reply);
        if (Reply.Code == 250)
        {
            _tx = TransactionState.Open;
            return;
        }
        _tx = TransactionState.None;
        for (int i = 0; i < pipelinedAfter; i++)
            ReadAndEndStrayData();
        throw Rejected(SmtpError.CommandRejected, "The server refused the sender");
    }

    private void ReadAndEndStrayData()
    {
        ReadReplyCore(_scratch);
        if (_scratch.Code != 354) return;
        Live.Write(".\r\n"u8);
        Live.Flush();
        ReadReplyCore(_scratch);
    }

    /// <summary>RCPT TO (with DSN parameters when offered) into the write buffer.</summary>
    private void WriteRecipient(SmtpConnection c, string recipient)
    {
        if (EnvelopeAddress.NeedsSmtpUtf8(recipient) && !_txSmtpUtf8)
            throw new SmtpException(SmtpError.Smtputf8Required,
                "The recipient is not ASCII but the transaction was opened without SMTPUTF8 (the server does not offer it, or the sender was ASCII)");
        CommandWriter.AppendPath(c, "RCPT TO:", recipient, RecipientParameters(recipient));
    }

    private void ReadRecipientReply(string recipient)
    {
        ReadReplyCore(Reply);
        _recipients.Add(new RecipientStatus(recipient, Reply.Code, Reply.IsPositiveCompletion ? null : Reply.Text));
    }

    private bool AnyAccepted()
    {
        foreach (var r in _recipients)
            if (r.Accepted) return true;
        return false;
    }

    /// <summary>Before content: some recipient must have been accepted, else the transaction is reset.</summary>
    private void RequireAcceptedRecipient()
    {
        if (AnyAccepted()) return;
        ResetCore();
        throw new SmtpException(SmtpError.NoValidRecipients);
    }

    /// <summary>Reads and checks the reply to DATA: 354 with an accepted recipient lets content follow.</summary>
    private void ReadDataReply()
    {
        ReadReplyCore(Reply);
        if (Reply.Code == 354)
        {
            if (AnyAccepted()) return;
            // Every RCPT was refused but the (pipelined) DATA was accepted: end it empty.
            Live.Write(".\r\n"u8);
            Live.Flush();
            ReadReplyCore(_scratch);
            _tx = TransactionState.None;
            throw new SmtpException(SmtpError.NoValidRecipients);
        }
        bool noneAccepted = !AnyAccepted();
        ResetCore();
        if (noneAccepted)
            throw new SmtpException(SmtpError.NoValidRecipients);
        throw Rejected(SmtpError.CommandRejected, "The server refused DATA");
    }

    /// <summary>Content may follow: DATA was answered with 354, or BDAT chunks will carry it.</summary>
    private void BeginContent(long total, bool bdat)
    {
        _txBdat = bdat;
        _writer = new DotStuffingWriter(dotStuffing: !bdat);
        if (bdat)
            (_bdat ??= new BdatWriter(new BdatChannel(this))).Begin();
        else
            Live.Mode = WireMode.Content;
        _tx = TransactionState.Content;
        _status = SmtpStatus.Sending;
        BeginTransfer(total);
    }

    /// <summary>A piece of content: canonical line ends, dot-stuffed for DATA, chunked for BDAT.</summary>
    internal void WriteContent(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            // Progress pieces only when someone listens: otherwise the writer gets the whole span and
            // sends large canonical runs straight from the caller's memory.
            var piece = data.Length > ProgressInterval && Events is not null ? data[..ProgressInterval] : data;
            if (_txBdat)
                _writer.Write(piece, _bdat);
            else
                _writer.Write(piece, Live);
            CountContent(piece.Length);
            data = data[piece.Length..];
        }
    }

    /// <summary>Ends the content (end-of-data mark, or the LAST chunk) and reads the server's verdict.</summary>
    private void FinishContent()
    {
        if (_txBdat)
        {
            _writer.EndLastLine(_bdat!);
            _bdat!.Finish();
        }
        else
        {
            var c = Live;
            _writer.Finish(c);
            c.Mode = WireMode.Command;
            c.Flush();
            ReadReplyCore(Reply);
        }
        _tx = TransactionState.None;
        EndTransfer();
        if (Reply.Code != 250)
            throw Rejected(SmtpError.CommandRejected, "The server refused the message");
    }

    /// <summary>
    /// Content that cannot be sent (NUL, overlong line, a file changed after it was checked) was found
    /// in the middle of it. BDAT: the pending chunk is dropped and RSET ends the transaction. DATA:
    /// there is no way to abandon it without sending the end-of-data mark — which would deliver a
    /// truncated message — so the connection is closed and the server discards the message.
    /// </summary>
    private void AbandonContent()
    {
        if (_tx != TransactionState.Content) return;
        if (_txBdat && _connection is not null)
        {
            try
            {
                ResetCore();
                return;
            }
            catch (Exception e) when (IsBroken(e))
            {
                Broken(e);
                return;
            }
        }
        Close();
    }

    /// <summary>RSET, to leave the server with no open transaction. Reads the reply of a pipelined MAIL first.</summary>
    public void Reset()
    {
        if (_connection is null) return;
        if (_tx == TransactionState.Content && !_txBdat)
        {
            Close();
            throw new SmtpException(SmtpError.InvalidState,
                "DATA cannot be abandoned midway; the connection was closed so the server discards the message");
        }
        using var status = Enter(SmtpStatus.Command);
        try
        {
            ResetCore(keepReply: false);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }

    /// <summary>RSET; its reply goes to <see cref="Reply"/> only for the caller's own SmtpReset, so an internal
    /// reset after a failure leaves the reply that explains the failure.</summary>
    private void ResetCore(bool keepReply = true)
    {
        var c = Live;
        c.Mode = WireMode.Command;
        CommandWriter.AppendLine(c, "RSET");
        c.Flush();
        if (_tx == TransactionState.MailPending)
            ReadReplyCore(_scratch);
        _tx = TransactionState.None;
        ReadReplyCore(keepReply ? _scratch : Reply);
    }

    /// <summary>
    /// The ESMTP parameters of MAIL FROM, each only when the server offers it: SIZE= (and a local
    /// refusal above the advertised limit), BODY=8BITMIME, SMTPUTF8 (a clear error when a non-ASCII
    /// address meets a server without it), RET= and ENVID= for DSN.
    /// </summary>
    private string? MailParameters(long size, bool eightBit, bool utf8)
    {
        if (Capabilities.MaxMessageSize > 0 && size > Capabilities.MaxMessageSize)
            throw new SmtpException(SmtpError.MessageTooLarge,
                $"The message ({size} bytes) is larger than the server's limit ({Capabilities.MaxMessageSize} bytes)");
        if (utf8 && !Capabilities.Has(SmtpExtensions.Smtputf8))
            throw new SmtpException(SmtpError.Smtputf8Required);

        // The same parameters again (same size, no per-message ENVID): no new string per message.
        bool dsn = Capabilities.Has(SmtpExtensions.Dsn) && DeliveryOptions != 0;
        var key = (Capabilities, size, eightBit, utf8);
        if (!dsn && _lastMailParameters.Key == key)
            return _lastMailParameters.Value;
        string? p = null;
        if (Capabilities.Has(SmtpExtensions.Size) && size > 0)
            p = "SIZE=" + size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((eightBit || utf8) && Capabilities.Has(SmtpExtensions.Eightbitmime))
            p = Join(p, "BODY=8BITMIME");
        if (utf8)
            p = Join(p, "SMTPUTF8");
        if (dsn)
        {
            var ret = (SmtpReturn)DeliveryOptions;
            if ((ret & SmtpReturn.Message) != 0) p = Join(p, "RET=FULL");
            else if ((ret & SmtpReturn.Headers) != 0) p = Join(p, "RET=HDRS");
            p = Join(p, "ENVID=" + Guid.NewGuid().ToString("N"));
        }
        else
        {
            _lastMailParameters = (key, p);
        }
        return p;
    }

    /// <summary>NOTIFY= and ORCPT= (RFC 3461) when DSN is offered and notifications were asked for.</summary>
    private string? RecipientParameters(string recipient)
    {
        var notify = (SmtpNotify)DeliveryOptions & (SmtpNotify.Success | SmtpNotify.Failure | SmtpNotify.Delay | SmtpNotify.Never);
        if (notify == 0 || !Capabilities.Has(SmtpExtensions.Dsn))
            return null;
        string value = (notify & SmtpNotify.Never) != 0 ? "NEVER" : NotifyKeywords(notify);
        string p = "NOTIFY=" + value;
        return EnvelopeAddress.NeedsSmtpUtf8(recipient) ? p : p + " ORCPT=rfc822;" + EnvelopeAddress.Xtext(recipient);
    }

    // A method of its own: the lambda's capture of notify would otherwise allocate on every RCPT, DSN or not.
    private static string NotifyKeywords(SmtpNotify notify) => string.Join(',',
        new[] { (SmtpNotify.Success, "SUCCESS"), (SmtpNotify.Failure, "FAILURE"), (SmtpNotify.Delay, "DELAY") }
            .Where(n => (notify & n.Item1) != 0).Select(n => n.Item2));

    private static string Join(string? parameters, string next) => parameters is null ? next : parameters + " " + next;
}
