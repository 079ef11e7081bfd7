using SmtpNative.Core.Mime;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Session;

namespace SmtpNative.Core.Delivery;

/// <summary>
/// Direct delivery (RFC 5321 §5): recipients grouped by domain; for each domain the MX records in
/// preference order (the domain itself only when it has no MX; nothing at all for a null MX); each
/// exchanger tried without authentication, the next one after a connection failure or a 4xx; one
/// connection per domain carries all of its recipients. Every recipient ends with a result.
/// </summary>
public sealed class DirectDelivery(MxResolver resolver, DeliveryOptions options)
{
    /// <summary>
    /// Delivers <paramref name="message"/>. <paramref name="recipientList"/>: addresses separated by
    /// commas or semicolons; null or blank = every To, Cc and Bcc address of the message.
    /// Invalid addresses fail the call before anything is sent (ST_ERROR_INVALID_ADDRESS).
    /// </summary>
    public List<DeliveryResult> Deliver(string sender, string? recipientList, DeliveryMessage message)
    {
        string from = EnvelopeAddress.Parse(sender, allowNull: true);
        List<string> recipients;
        if (string.IsNullOrWhiteSpace(recipientList))
        {
            using var stream = message.OpenRead();
            recipients = MimeRecipients.Enumerate(MimeDocument.Load(stream), null);
        }
        else
        {
            recipients = EnvelopeAddress.ParseList(recipientList);
        }
        recipients = recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
            throw new SmtpException(SmtpError.InvalidParameter, "The message has no recipient");
        message.Content().Inspect();   // a message that cannot be sent is refused before any connection

        var results = new Dictionary<string, DeliveryResult>(StringComparer.OrdinalIgnoreCase);
        var groups = options.Relay is { } relay
            ? [new Group(relay, Relay: true, recipients)]
            : recipients.GroupBy(DomainOf, StringComparer.OrdinalIgnoreCase).Select(g => new Group(g.Key, false, g.ToList())).ToList();
        foreach (var group in groups)
            DeliverGroup(from, group, message, results);
        return recipients.Select(r => results[r]).ToList();
    }

    private sealed record Group(string Domain, bool Relay, List<string> Recipients);

    private void DeliverGroup(string from, Group group, DeliveryMessage message, Dictionary<string, DeliveryResult> results)
    {
        List<string> hosts;
        try
        {
            hosts = Exchangers(group);
        }
        catch (SmtpException e)
        {
            var status = e.Code == SmtpError.DnsTemporaryFailure ? DeliveryStatus.Deferred : DeliveryStatus.Rejected;
            foreach (var r in group.Recipients)
                results[r] = new DeliveryResult(r, status, "", 0, e.Message, e.Code);
            return;
        }

        var pending = group.Recipients;
        foreach (var host in hosts)
        {
            if (pending.Count == 0) break;
            pending = TryHost(host, from, pending, message, results);
        }
        // What is still pending got only temporary failures; results already hold the last of them.
    }

    /// <summary>The hosts to try for a group, in order.</summary>
    private List<string> Exchangers(Group group)
    {
        if (group.Relay)
            return [group.Domain];
        if (group.Domain.StartsWith('['))
        {
            // An address literal (RFC 5321 §4.1.3) names the host itself; no DNS.
            string literal = group.Domain[1..^1];
            return [literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? literal[5..] : literal];
        }
        var mx = resolver.Lookup(group.Domain);
        // RFC 5321 §5.1: the domain's own address only when there is no MX at all, never as a last resort.
        return mx.Count == 0 ? [group.Domain] : mx.Select(x => x.Host).ToList();
    }

    /// <summary>One connection to one exchanger for every pending recipient; returns those still pending.</summary>
    private List<string> TryHost(string host, string from, List<string> pending, DeliveryMessage message,
        Dictionary<string, DeliveryResult> results)
    {
        SmtpSession session;
        try
        {
            // Exchangers are resolved with the same name servers as their MX records; a relay with the
            // configured name servers too, or the system's way when none were configured.
            var addresses = options.Relay is null || resolver.NameServers.Count > 0 ? resolver.ResolveHost(host) : null;
            session = SmtpSession.Connect(host, options.Port, options.TimeoutSeconds, options.ConnectOptions, options.LocalName, addresses: addresses);
        }
        catch (SmtpException e)
        {
            foreach (var r in pending)
                results[r] = new DeliveryResult(r, DeliveryStatus.Deferred, host, 0, e.Message, e.Code);
            return pending;
        }

        using (session)
        {
            SmtpException? failure = null;
            try
            {
                session.SendMessage(from, string.Join(", ", pending), message.Content());
            }
            catch (SmtpException e)
            {
                failure = e;
            }
            var still = Classify(host, session, pending, failure, results);
            session.Quit();
            return still;
        }
    }

    private static List<string> Classify(string host, SmtpSession session, List<string> pending, SmtpException? failure,
        Dictionary<string, DeliveryResult> results)
    {
        var still = new List<string>();
        var final = session.Reply;
        // Only these failures leave a reply of their own in session.Reply; others (timeouts, resets) have none.
        bool replied = failure?.Code is SmtpError.CommandRejected or SmtpError.NoValidRecipients or SmtpError.ServerUnavailable;
        bool transactionPermanent = failure is not null && (IsLocalPermanent(failure.Code) || (replied && final.Code >= 500));
        var answered = session.Recipients.ToDictionary(s => s.Address, StringComparer.OrdinalIgnoreCase);
        foreach (var r in pending)
        {
            DeliveryResult result;
            if (answered.TryGetValue(r, out var rcpt) && !rcpt.Accepted && rcpt.Code != 0)
            {
                // The server's answer to this RCPT decides: 5xx is final, 4xx may succeed at the next exchanger.
                result = new DeliveryResult(r, rcpt.Code >= 500 ? DeliveryStatus.Rejected : DeliveryStatus.Deferred,
                    host, rcpt.Code, rcpt.Text ?? "", SmtpError.RecipientRejected);
            }
            else if (failure is null)
            {
                result = new DeliveryResult(r, DeliveryStatus.Delivered, host, final.Code, final.Text, SmtpError.Success);
            }
            else
            {
                result = new DeliveryResult(r, transactionPermanent ? DeliveryStatus.Rejected : DeliveryStatus.Deferred,
                    host, replied ? final.Code : 0, replied ? final.Text : failure.Message, failure.Code);
            }
            results[r] = result;
            if (result.Status == DeliveryStatus.Deferred)
                still.Add(r);
        }
        return still;
    }

    /// <summary>Failures found before or without the server's word that no other exchanger would change.</summary>
    private static bool IsLocalPermanent(SmtpError code) =>
        code is SmtpError.InvalidMessage or SmtpError.MessageTooLarge or SmtpError.InvalidAddress or SmtpError.FileNotFound;

    private static string DomainOf(string mailbox) => mailbox[(mailbox.LastIndexOf('@') + 1)..];
}
