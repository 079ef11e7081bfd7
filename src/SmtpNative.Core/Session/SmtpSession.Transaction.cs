using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

public sealed partial class SmtpSession
{
    private readonly List<RecipientStatus> _recipients = [];
    private readonly EnvelopeCache _envelopes = new();
    private ((Capabilities, long, bool, bool) Key, string? Value) _lastMailParameters;

    /// <summary>Each recipient of the last transaction with the server's answer.</summary>
    public IReadOnlyList<RecipientStatus> Recipients => _recipients;

    /// <summary>
    /// One whole transaction: MAIL FROM, RCPT TO for each recipient, DATA, content, end of data.
    /// With PIPELINING the commands go in one write and the replies are matched in order.
    /// A refused recipient does not fail the message while another is accepted.
    /// </summary>
    public void SendMessage(string from, string recipientList, MessageContent content)
    {
        string sender = _envelopes.Sender(from);
        var recipients = _envelopes.Recipients(recipientList);
        if (recipients.Count == 0)
            throw new SmtpException(SmtpError.InvalidParameter, "No recipient was given");
        var (length, eightBit) = content.Inspect();
        var c = Live;
        string? mailParameters = MailParameters(sender, recipients, length, eightBit);
        bool pipelined = Capabilities.Has(SmtpExtensions.Pipelining) && (Options & SmtpOptions.Nopipelining) == 0;

        _recipients.Clear();
        try
        {
            CommandWriter.AppendPath(c, "MAIL FROM:", sender, mailParameters);
            if (!pipelined)
            {
                c.Flush();
                ReadReplyCore(Reply);
                if (Reply.Code != 250)
                    throw Rejected(SmtpError.CommandRejected, "The server refused the sender");
            }
            foreach (var r in recipients)
            {
                CommandWriter.AppendPath(c, "RCPT TO:", r, null);
                if (!pipelined)
                {
                    c.Flush();
                    ReadReplyCore(Reply);
                    RecordRecipient(r, Reply);
                }
            }
            if (!pipelined && !AnyAccepted())
            {
                Reset();
                throw new SmtpException(SmtpError.NoValidRecipients);
            }
            c.Write("DATA\r\n"u8);
            c.Flush();

            if (pipelined)
                ReadPipelinedReplies(recipients);
            else
                ReadReplyCore(Reply);

            if (Reply.Code != 354)
            {
                bool noneAccepted = !AnyAccepted();
                Reset();
                if (noneAccepted)
                    throw new SmtpException(SmtpError.NoValidRecipients);
                throw Rejected(SmtpError.CommandRejected, "The server refused DATA");
            }

            var writer = new DotStuffingWriter();
            content.CopyTo(c, ref writer);
            writer.Finish(c);
            c.Flush();
            ReadReplyCore(Reply);
            if (Reply.Code != 250)
                throw Rejected(SmtpError.CommandRejected, "The server refused the message");
            if (!AnyAccepted())
                throw new SmtpException(SmtpError.NoValidRecipients);
        }
        catch (SmtpException e) when (BreaksConnection(e.Code) || e.Code == SmtpError.InvalidMessage)
        {
            // InvalidMessage here means the file changed after it was checked: we are inside DATA and
            // must not send the end-of-data mark, so the connection goes (the server discards the message).
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

    /// <summary>Reads the replies to MAIL, each RCPT and DATA sent in one pipelined write.</summary>
    private void ReadPipelinedReplies(List<string> recipients)
    {
        ReadReplyCore(Reply);
        bool senderRefused = Reply.Code != 250;
        foreach (var r in recipients)
        {
            var into = senderRefused ? _scratch : Reply;
            ReadReplyCore(into);
            RecordRecipient(r, into);
        }
        if (senderRefused)
        {
            ReadReplyCore(_scratch);
            if (_scratch.Code == 354)
            {
                // A server that opens DATA with no valid transaction: end it empty (RFC 2920 §3.1).
                Live.Write(".\r\n"u8);
                Live.Flush();
                ReadReplyCore(_scratch);
            }
            throw Rejected(SmtpError.CommandRejected, "The server refused the sender");
        }
        ReadReplyCore(Reply);
        if (Reply.Code == 354 && !AnyAccepted())
        {
            Live.Write(".\r\n"u8);
            Live.Flush();
            ReadReplyCore(_scratch);
            throw new SmtpException(SmtpError.NoValidRecipients);
        }
    }

    private void RecordRecipient(string address, SmtpReply reply) =>
        _recipients.Add(new RecipientStatus(address, reply.Code, reply.IsPositiveCompletion ? null : reply.Text));

    private bool AnyAccepted()
    {
        foreach (var r in _recipients)
            if (r.Accepted) return true;
        return false;
    }

    /// <summary>RSET, to leave the server with no open transaction after a failure. Best effort.</summary>
    public void Reset()
    {
        if (_connection is null) return;
        CommandWriter.AppendLine(_connection, "RSET");
        _connection.Flush();
        ReadReplyCore(_scratch);
    }

    /// <summary>The ESMTP parameters of MAIL FROM, each only when the server offers it.</summary>
    private string? MailParameters(string sender, List<string> recipients, long size, bool eightBit)
    {
        if (Capabilities.MaxMessageSize > 0 && size > Capabilities.MaxMessageSize)
            throw new SmtpException(SmtpError.MessageTooLarge,
                $"The message ({size} bytes) is larger than the server's limit ({Capabilities.MaxMessageSize} bytes)");
        bool utf8 = EnvelopeAddress.NeedsSmtpUtf8(sender);
        foreach (var r in recipients)
            utf8 |= EnvelopeAddress.NeedsSmtpUtf8(r);
        if (utf8 && !Capabilities.Has(SmtpExtensions.Smtputf8))
            throw new SmtpException(SmtpError.Smtputf8Required);

        var key = (Capabilities, size, eightBit, utf8);
        if (_lastMailParameters.Key == key)
            return _lastMailParameters.Value;   // the same message size again: no new string per message
        string? p = null;
        if (Capabilities.Has(SmtpExtensions.Size) && size > 0)
            p = "SIZE=" + size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((eightBit || utf8) && Capabilities.Has(SmtpExtensions.Eightbitmime))
            p = p is null ? "BODY=8BITMIME" : p + " BODY=8BITMIME";
        if (utf8)
            p = p is null ? "SMTPUTF8" : p + " SMTPUTF8";
        _lastMailParameters = (key, p);
        return p;
    }
}
