using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace SmtpNative.Core.Delivery;

/// <summary>
/// MX lookups with DnsClient against the system's name servers or the ones given. Every outcome a
/// delivery needs to tell apart is its own result: exchangers (most preferred first, ties shuffled
/// per RFC 5321 §5.1), no MX (empty list: deliver to the domain itself), null MX (RFC 7505),
/// no such domain, and a temporary failure (SERVFAIL, REFUSED, timeout).
/// Immutable: settings changes build a new resolver, so lookups in flight are never disturbed.
/// </summary>
public sealed class MxResolver
{
    public const int DefaultTimeoutSeconds = 5;

    private readonly LookupClient _client;

    public MxResolver(IReadOnlyList<IPEndPoint>? nameServers = null, int timeoutSeconds = DefaultTimeoutSeconds)
    {
        NameServers = nameServers ?? [];
        TimeoutSeconds = timeoutSeconds <= 0 ? DefaultTimeoutSeconds : timeoutSeconds;
        var options = NameServers.Count > 0
            ? new LookupClientOptions(NameServers.Select(e => new NameServer(e)).ToArray())
            : new LookupClientOptions();
        options.UseCache = false;
        options.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = true;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    /// <summary>The name servers asked; empty = the system's (resolv.conf).</summary>
    public IReadOnlyList<IPEndPoint> NameServers { get; }

    public int TimeoutSeconds { get; }

    /// <summary>A copy with another timeout.</summary>
    public MxResolver WithTimeout(int seconds) => new(NameServers, seconds);

    /// <summary>
    /// The mail exchangers of <paramref name="domain"/>, most preferred first; empty when the domain
    /// exists but has no MX. Throws NULL_MAIL_EXCHANGE, HOST_NOT_FOUND or DNS_TEMPORARY_FAILURE.
    /// </summary>
    public List<MailExchange> Lookup(string domain)
    {
        string name = NormalizeDomain(domain);
        var response = Query(name, QueryType.MX);
        var records = response.Answers.MxRecords().ToList();
        if (records.Any(r => IsRoot(r.Exchange.Value)))
        {
            // RFC 7505 §3: a null MX is the only record; a root exchanger anywhere means "no mail".
            throw new SmtpException(SmtpError.NullMailExchange, $"The domain {name} accepts no mail (null MX)");
        }
        return Order(records.Select(r => new MailExchange(r.Exchange.Value.TrimEnd('.'), r.Preference)));
    }

    /// <summary>One query; NXDOMAIN and every failure become the error a delivery needs to tell apart.</summary>
    private IDnsQueryResponse Query(string name, QueryType type)
    {
        IDnsQueryResponse response;
        try
        {
            response = _client.Query(name, type);
        }
        catch (DnsResponseException e)
        {
            throw new SmtpException(SmtpError.DnsTemporaryFailure, $"{type} lookup of {name} failed: {e.Code}");
        }
        catch (SocketException e)
        {
            throw new SmtpException(SmtpError.DnsTemporaryFailure, $"{type} lookup of {name} failed: {e.SocketErrorCode}");
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // A malformed answer (compression pointer loop, counts beyond the packet, a mismatched
            // transaction ID, a TCP message cut short) is a failed lookup, not an internal error.
            throw new SmtpException(SmtpError.DnsTemporaryFailure, $"{type} lookup of {name} failed: the answer is malformed ({e.GetType().Name})");
        }

        // An answer to another question (RFC 5452 §9.1) is never taken as the answer to ours. The name as
        // it came over the wire (Original): Value is the Unicode form of an IDN's A-label.
        if (response.Questions.Count != 1
            || response.Questions[0].QuestionType != type
            || !string.Equals(response.Questions[0].QueryName.Original.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase))
        {
            throw new SmtpException(SmtpError.DnsTemporaryFailure, $"The name server answered another question than the {type} records of {name}");
        }

        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NoError:
                break;
            case DnsHeaderResponseCode.NotExistentDomain:
                throw new SmtpException(SmtpError.HostNotFound, $"The domain {name} does not exist (NXDOMAIN)");
            default:
                throw new SmtpException(SmtpError.DnsTemporaryFailure,
                    $"The name server answered {response.Header.ResponseCode} for the {type} records of {name}");
        }
        return response;
    }

    /// <summary>
    /// The IPv4 and IPv6 addresses of a mail exchanger, from the same name servers as its MX record.
    /// Throws HOST_NOT_FOUND (no such name, or no address) or DNS_TEMPORARY_FAILURE.
    /// </summary>
    public IPAddress[] ResolveHost(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
            return [literal];
        string name = NormalizeDomain(host);
        var v4 = Query(name, QueryType.A).Answers.ARecords().Select(r => r.Address);
        var v6 = Query(name, QueryType.AAAA).Answers.AaaaRecords().Select(r => r.Address);
        var all = v4.Concat(v6).ToArray();
        return all.Length > 0 ? all : throw new SmtpException(SmtpError.HostNotFound, $"The host {name} has no address");
    }

    /// <summary>By preference; exchangers of equal preference in random order (RFC 5321 §5.1).</summary>
    public static List<MailExchange> Order(IEnumerable<MailExchange> exchangers)
    {
        var list = exchangers.ToList();
        var shuffled = list.Select(x => (x, key: Random.Shared.Next())).OrderBy(p => p.x.Preference).ThenBy(p => p.key);
        return shuffled.Select(p => p.x).ToList();
    }

    private static bool IsRoot(string host) => host is "." or "";

    private static string NormalizeDomain(string domain)
    {
        string d = domain.Trim().TrimEnd('.');
        if (d.Length == 0 || d.Length > 253)
            throw new SmtpException(SmtpError.InvalidParameter, "The domain name is empty or too long");
        foreach (char c in d)
            if (char.IsControl(c) || c is ' ' or '@' or '[' or ']' or ',' or ';')
                throw new SmtpException(SmtpError.InvalidParameter, "The domain name contains a character that no domain name has");
        if (System.Text.Ascii.IsValid(d))
            return d;
        try
        {
            return new System.Globalization.IdnMapping().GetAscii(d);
        }
        catch (Exception e) when (e is ArgumentException or PlatformNotSupportedException)
        {
            throw new SmtpException(SmtpError.InvalidParameter, "The domain name is not a valid (internationalized) domain name");
        }
    }

    /// <summary>
    /// Parses "127.0.0.1:5353, [::1]:53; 10.0.0.1" (port 53 when omitted). Null or blank = the system's.
    /// </summary>
    public static List<IPEndPoint> ParseNameServers(string? list)
    {
        var result = new List<IPEndPoint>();
        if (string.IsNullOrWhiteSpace(list)) return result;
        foreach (var item in list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(item, out var bare))
                result.Add(new IPEndPoint(bare, 53));
            else if (IPEndPoint.TryParse(item, out var endpoint))
                result.Add(endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint);
            else
                throw new SmtpException(SmtpError.InvalidParameter, $"'{item}' is not a name server address (IP or IP:port, [IPv6]:port)");
        }
        return result;
    }
}
