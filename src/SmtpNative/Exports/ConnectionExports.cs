using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Connecting, disconnecting, timeouts and thread ownership of a client handle.</summary>
public static unsafe class ConnectionExports
{
    /// <summary>
    /// Connects to an SMTP server, reads its greeting and says EHLO (HELO if the server refuses EHLO
    /// with 5xx, except when TLS is required). Blocks until done or failed.
    /// The handle belongs to the calling thread unless SMTP_OPTION_FREETHREAD is given.
    /// </summary>
    /// <param name="lpszRemoteHost">Host name, IPv4 literal or IPv6 literal (brackets optional). Host names are
    /// resolved with the name servers of DnsSetNameServers when some were set, else by the system.</param>
    /// <param name="nRemotePort">Port; 0 = 25 (465 with SMTP_OPTION_SECURE_IMPLICIT). 587 implies SMTP_OPTION_EXTENDED.</param>
    /// <param name="nTimeout">Seconds allowed for each network wait; 0 = 20.</param>
    /// <param name="dwOptions">SMTP_OPTION_* flags.</param>
    /// <param name="lpszLocalName">Name sent with EHLO/HELO; NULL = this machine's name. Printable ASCII, no spaces.</param>
    /// <param name="lpCredentials">Client certificate from SmtpCreateSecurityCredentials, or NULL.</param>
    /// <returns>A client handle, or INVALID_CLIENT with the reason in SmtpGetLastError
    /// (ST_ERROR_CONNECTION_REFUSED, ST_ERROR_TIMEOUT, ST_ERROR_HOST_NOT_FOUND, ST_ERROR_COMMAND_REJECTED, ...).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpConnectA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HCLIENT")]
    public static nint ConnectA(byte* lpszRemoteHost, uint nRemotePort, uint nTimeout, uint dwOptions, byte* lpszLocalName, void* lpCredentials) =>
        Connect(TextArg.Ansi(lpszRemoteHost), nRemotePort, nTimeout, dwOptions, TextArg.Ansi(lpszLocalName), lpCredentials);

    [UnmanagedCallersOnly(EntryPoint = "SmtpConnectW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HCLIENT")]
    public static nint ConnectW(char* lpszRemoteHost, uint nRemotePort, uint nTimeout, uint dwOptions, char* lpszLocalName, void* lpCredentials) =>
        Connect(TextArg.Wide(lpszRemoteHost), nRemotePort, nTimeout, dwOptions, TextArg.Wide(lpszLocalName), lpCredentials);

    [UnmanagedCallersOnly(EntryPoint = "SmtpConnect", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HCLIENT")]
    public static nint ConnectPlain(byte* lpszRemoteHost, uint nRemotePort, uint nTimeout, uint dwOptions, byte* lpszLocalName, void* lpCredentials) =>
        Connect(TextArg.Ansi(lpszRemoteHost), nRemotePort, nTimeout, dwOptions, TextArg.Ansi(lpszLocalName), lpCredentials);

    private static nint Connect(TextArg host, uint port, uint timeout, uint options, TextArg localName, void* credentials)
    {
        try
        {
            Library.Enter();
            if (port > 65535)
                throw new SmtpException(SmtpError.InvalidParameter, "The port must be 0 to 65535");
            string name = host.Required("lpszRemoteHost");
            var session = SmtpSession.Connect(name, (int)port, (int)Math.Min(timeout, int.MaxValue / 1000),
                (SmtpOptions)options, localName.Value, Credentials.Get((nint)credentials), DnsSettings.AddressesFor(name));
            try
            {
                return Clients.Add(session);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        catch (Exception e) { return ExportGuard.Fail(e, (nint)0); }
    }

    /// <summary>
    /// Sends QUIT (best effort), closes the connection and frees the handle. Safe when the server has
    /// already dropped the connection. The handle is invalid afterwards (a second call gives
    /// ST_ERROR_INVALID_HANDLE, no crash).
    /// </summary>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpDisconnect", CallConvs = [typeof(CallConvStdcall)])]
    public static int Disconnect(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.Quit();
            Clients.Remove(hClient, client.State);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// TRUE while the connection is open. FALSE after the server closed it, a timeout, a cancel,
    /// or for an invalid handle (then SmtpGetLastError says why).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpIsConnected", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int IsConnected(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            return client.Session.IsConnected ? 1 : 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>The timeout of each network wait, in seconds.</summary>
    /// <returns>Seconds, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetTimeout", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetTimeout(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            return client.Session.TimeoutSeconds;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>Sets the timeout of each network wait, in seconds (0 = the default, 20).</summary>
    /// <returns>The previous timeout, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSetTimeout", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetTimeout(nint hClient, uint nTimeout)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            int previous = client.Session.TimeoutSeconds;
            client.Session.TimeoutSeconds = (int)Math.Min(nTimeout, int.MaxValue / 1000);
            return previous;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Makes another thread the owner of the handle (a handle belongs to the thread that connected it).
    /// May be called from any thread, but not while another thread is inside a call on the handle.
    /// </summary>
    /// <param name="dwThreadId">The new owner's operating-system thread id (gettid / GetCurrentThreadId); 0 = the calling thread.</param>
    /// <returns>The previous owner's id (so it can be restored), or 0 on failure.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpAttachThread", CallConvs = [typeof(CallConvStdcall)])]
    public static uint AttachThread(nint hClient, uint dwThreadId)
    {
        try
        {
            Library.Enter();
            var state = Clients.Lookup(hClient);
            if (!state.TryEnter())
                throw new SmtpException(SmtpError.HandleBusy);
            try
            {
                uint previous = state.OwnerThread;
                state.OwnerThread = dwThreadId == 0 ? OsThread.CurrentId : dwThreadId;
                return previous;
            }
            finally
            {
                state.Leave();
            }
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0u); }
    }
}
