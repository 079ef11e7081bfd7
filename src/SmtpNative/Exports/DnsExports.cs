using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>DNS helpers: mail exchanger (MX) lookups, name servers and timeout.</summary>
public static unsafe class DnsExports
{
    /// <summary>
    /// Initializes the library for the DNS functions. The same reference count as SmtpInitialize and
    /// MimeInitialize (one library): each successful call needs one DnsUninitialize (or any of the
    /// Uninitialize functions).
    /// </summary>
    /// <param name="lpszLicenseKey">Accepted for source compatibility and ignored; may be NULL.</param>
    /// <param name="lpReserved">Reserved; pass NULL.</param>
    /// <returns>TRUE; FALSE only if the key is not valid text.</returns>
    [UnmanagedCallersOnly(EntryPoint = "DnsInitializeA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeA(byte* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Ansi(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "DnsInitializeW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeW(char* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Wide(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "DnsInitialize", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializePlain(byte* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Ansi(lpszLicenseKey));

    /// <summary>Releases one reference of the shared count (see DnsInitialize). Harmless when there is none.</summary>
    [UnmanagedCallersOnly(EntryPoint = "DnsUninitialize", CallConvs = [typeof(CallConvStdcall)])]
    public static void Uninitialize() => LibraryExports.UninitializeCore();

    /// <summary>The calling thread's last error code: the same value as SmtpGetLastError and MimeGetLastError.</summary>
    [UnmanagedCallersOnly(EntryPoint = "DnsGetLastError", CallConvs = [typeof(CallConvStdcall)])]
    public static uint GetLastError() => LastError.Code;

    /// <summary>
    /// Chooses the name servers every lookup of the process asks (DnsGetMailExchange,
    /// DnsEnumMailExchanges, SmtpDeliverMessage). Takes effect for lookups that start afterwards.
    /// </summary>
    /// <param name="lpszServers">Addresses separated by commas, semicolons or spaces, each "IPv4", "IPv4:port",
    /// "[IPv6]:port" or a bare IPv6 address (port 53 when omitted): "127.0.0.1:5353,[::1]:53".
    /// NULL or "" = the system's name servers (/etc/resolv.conf).</param>
    /// <returns>The number of name servers set (0 = the system's), or SMTP_ERROR (ST_ERROR_INVALID_PARAMETER).</returns>
    [UnmanagedCallersOnly(EntryPoint = "DnsSetNameServersA", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetNameServersA(byte* lpszServers) => SetNameServers(TextArg.Ansi(lpszServers));

    [UnmanagedCallersOnly(EntryPoint = "DnsSetNameServersW", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetNameServersW(char* lpszServers) => SetNameServers(TextArg.Wide(lpszServers));

    [UnmanagedCallersOnly(EntryPoint = "DnsSetNameServers", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetNameServersPlain(byte* lpszServers) => SetNameServers(TextArg.Ansi(lpszServers));

    private static int SetNameServers(TextArg servers)
    {
        try
        {
            Library.Enter();
            var list = MxResolver.ParseNameServers(servers.Value);
            DnsSettings.Replace(r => new MxResolver(list, r.TimeoutSeconds));
            return list.Count;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>Sets how long one DNS query may take, in seconds (0 = the default, 5); one retry follows a timeout.</summary>
    /// <returns>The previous timeout, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "DnsSetTimeout", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetTimeout(uint nTimeout)
    {
        try
        {
            Library.Enter();
            int previous = DnsSettings.Resolver.TimeoutSeconds;
            DnsSettings.Replace(r => r.WithTimeout((int)Math.Min(nTimeout, 3600)));
            return previous;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// The mail exchangers of a domain, most preferred first (exchangers of equal preference in random
    /// order), as a list: each host name NUL-terminated, the list ended by an empty item.
    /// Blocks for the lookup (see DnsSetTimeout).
    /// </summary>
    /// <param name="lpszDomain">The domain ("example.com"); internationalized names are converted to IDNA.</param>
    /// <param name="lpszBuffer">Receives the list; NULL to ask for the count (return) and size (*lpcchBuffer).</param>
    /// <param name="lpcchBuffer">In: the buffer's size in characters. Out: the list's size, every terminator included.</param>
    /// <returns>The number of exchangers; 0 when the domain has no MX (deliver to the domain itself).
    /// SMTP_ERROR with ST_ERROR_NULL_MAIL_EXCHANGE (null MX, RFC 7505: the domain accepts no mail),
    /// ST_ERROR_HOST_NOT_FOUND (no such domain), ST_ERROR_DNS_TEMPORARY_FAILURE (SERVFAIL, REFUSED, timeout),
    /// ST_ERROR_BUFFER_TOO_SMALL.</returns>
    [UnmanagedCallersOnly(EntryPoint = "DnsEnumMailExchangesA", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMailExchangesA(byte* lpszDomain, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        EnumMailExchanges(TextArg.Ansi(lpszDomain), TextList.Ansi(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "DnsEnumMailExchangesW", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMailExchangesW(char* lpszDomain, [CType("LPTSTR")] char* lpszBuffer, uint* lpcchBuffer) =>
        EnumMailExchanges(TextArg.Wide(lpszDomain), TextList.Wide(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "DnsEnumMailExchanges", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMailExchangesPlain(byte* lpszDomain, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        EnumMailExchanges(TextArg.Ansi(lpszDomain), TextList.Ansi(lpszBuffer, lpcchBuffer));

    private static int EnumMailExchanges(TextArg domain, TextList list)
    {
        try
        {
            Library.Enter();
            var exchangers = DnsSettings.Resolver.Lookup(domain.Required("lpszDomain"));
            return list.Put(exchangers.Select(x => x.Host).ToList());
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// The most preferred mail exchanger of a domain (one of them, at random, when several share the
    /// lowest preference). Follows the output-buffer rule.
    /// </summary>
    /// <param name="lpszDomain">The domain.</param>
    /// <param name="lpnPreference">Receives the MX preference; may be NULL.</param>
    /// <param name="lpszBuffer">Receives the host name; NULL to ask for its length.</param>
    /// <param name="nMaxLength">Size of lpszBuffer in characters, terminator included.</param>
    /// <returns>The length of the host name, or SMTP_ERROR: ST_ERROR_NO_MAIL_EXCHANGE when the domain has no
    /// MX (deliver to the domain itself), and the errors of DnsEnumMailExchanges.</returns>
    [UnmanagedCallersOnly(EntryPoint = "DnsGetMailExchangeA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetMailExchangeA(byte* lpszDomain, int* lpnPreference, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetMailExchange(TextArg.Ansi(lpszDomain), lpnPreference, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "DnsGetMailExchangeW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetMailExchangeW(char* lpszDomain, int* lpnPreference, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        GetMailExchange(TextArg.Wide(lpszDomain), lpnPreference, TextBuffer.Wide(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "DnsGetMailExchange", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetMailExchangePlain(byte* lpszDomain, int* lpnPreference, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetMailExchange(TextArg.Ansi(lpszDomain), lpnPreference, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    private static int GetMailExchange(TextArg domain, int* preference, TextBuffer buffer)
    {
        try
        {
            Library.Enter();
            string name = domain.Required("lpszDomain");
            var exchangers = DnsSettings.Resolver.Lookup(name);
            if (exchangers.Count == 0)
                throw new SmtpException(SmtpError.NoMailExchange, $"The domain {name} has no MX record; deliver to the domain itself");
            if (preference != null)
                *preference = exchangers[0].Preference;
            return buffer.Put(exchangers[0].Host);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
