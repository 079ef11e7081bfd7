using SmtpNative.Core.Protocol;

namespace SmtpNative.Core.Session;

/// <summary>
/// The staged transaction: CreateMessage (MAIL FROM), AddRecipient (RCPT TO), AppendContent/Write
/// (content, split anywhere), CloseMessage (end of data), Reset (RSET). Built from the same pieces
/// as <see cref="SendMessage"/>. With PIPELINING, MAIL FROM is not sent on its own: it travels in
/// one write with the first RCPT TO, and a refused sender is reported by that AddRecipient.
/// </summary>
public sealed partial class SmtpSession
{
    private long _stagedSize;

    /// <summary>True while a staged transaction is open (after CreateMessage, before CloseMessage/Reset).</summary>
    public bool InTransaction => _tx != TransactionState.None;

    /// <summary>
    /// MAIL FROM. <paramref name="size"/> &gt; 0 sends SIZE= (and is refused locally above the server's
    /// limit). The content is not known yet, so BODY=8BITMIME is declared whenever the server offers
    /// it; SMTPUTF8 when the sender needs it.
    /// </summary>
    public void CreateMessage(string from, long size)
    {
        RequireNoTransaction();
        string sender = EnvelopeAddress.ToWire(EnvelopeAddress.Parse(from, allowNull: true));
        bool utf8 = EnvelopeAddress.NeedsSmtpUtf8(sender);
        string? parameters = MailParameters(size, eightBit: true, utf8);
        var c = Live;
        using var status = Enter(SmtpStatus.Command);
        try
        {
            _stagedSize = size;
            WriteMail(c, sender, parameters, utf8);
            if (Pipelining)
                return;
            c.Flush();
            ReadMailReply(0);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }

    /// <summary>
    /// RCPT TO. A refusal fails this call only (<see cref="SmtpError.RecipientRejected"/>; the
    /// transaction stays open for other recipients). Every attempt is recorded in <see cref="Recipients"/>.
    /// </summary>
    public void AddRecipient(string recipient)
    {
        if (_tx is not (TransactionState.Open or TransactionState.MailPending))
            throw new SmtpException(SmtpError.InvalidState, "No message is open for recipients: call SmtpCreateMessage first");
        string address = EnvelopeAddress.ToWire(EnvelopeAddress.Parse(recipient));
        var c = Live;
        using var status = Enter(SmtpStatus.Command);
        try
        {
            WriteRecipient(c, address);
            c.Flush();
            if (_tx == TransactionState.MailPending)
                ReadMailReply(1);
            ReadRecipientReply(address);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
        if (!Reply.IsPositiveCompletion)
            throw Rejected(SmtpError.RecipientRejected, $"The server refused the recipient {address}");
    }

    /// <summary>Message content, any amount per call, split anywhere (even between CR and LF).</summary>
    public void AppendContent(MessageContent content)
    {
        content.RequireReadable();   // a missing file is refused before DATA, not in the middle of it
        OpenContent();
        try
        {
            using var status = Enter(SmtpStatus.Sending);
            content.CopyTo(this);
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

    /// <summary>The end of the content; the server's verdict on the message is the reply.</summary>
    public void CloseMessage()
    {
        OpenContent();
        using var status = Enter(SmtpStatus.Sending);
        try
        {
            FinishContent();
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }

    /// <summary>First content of a staged message: DATA and its 354, or the start of BDAT chunks.</summary>
    private void OpenContent()
    {
        if (_tx == TransactionState.Content)
            return;
        if (_tx is not (TransactionState.Open or TransactionState.MailPending))
            throw new SmtpException(SmtpError.InvalidState, "No message is open: call SmtpCreateMessage and SmtpAddRecipient first");
        using var status = Enter(SmtpStatus.Command);
        try
        {
            var c = Live;
            if (_tx == TransactionState.MailPending)
            {
                // Pipelined MAIL FROM with no recipient at all: settle it, then refuse.
                c.Flush();
                ReadMailReply(0);
            }
            bool bdat = Chunking;
            if (bdat)
            {
                RequireAcceptedRecipient();
            }
            else
            {
                if (!AnyAccepted())
                    RequireAcceptedRecipient();
                c.Write("DATA\r\n"u8);
                c.Flush();
                ReadDataReply();
            }
            BeginContent(_stagedSize, bdat);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }
}
