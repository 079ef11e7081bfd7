using SmtpNative.Core.Delivery;

namespace SmtpNative.Interop;

/// <summary>
/// The process-wide resolver behind DnsSetNameServers / DnsSetTimeout. A settings change swaps in
/// a new immutable resolver, so lookups already running on other threads finish with the old one.
/// </summary>
internal static class DnsSettings
{
    private static volatile MxResolver? s_resolver;
    private static readonly object s_lock = new();

    public static MxResolver Resolver => s_resolver ?? Replace(r => r);

    /// <summary>
    /// The addresses SmtpConnect should use for <paramref name="host"/>: looked up with the name
    /// servers of DnsSetNameServers when some were set, so one process has one view of DNS; null
    /// (the system resolver decides) otherwise and for address literals.
    /// </summary>
    public static System.Net.IPAddress[]? AddressesFor(string host)
    {
        var resolver = s_resolver;
        if (resolver is null || resolver.NameServers.Count == 0) return null;
        string name = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        return System.Net.IPAddress.TryParse(name, out _) ? null : resolver.ResolveHost(name);
    }

    public static MxResolver Replace(Func<MxResolver, MxResolver> change)
    {
        lock (s_lock)
        {
            var next = change(s_resolver ?? new MxResolver());
            s_resolver = next;
            return next;
        }
    }
}
