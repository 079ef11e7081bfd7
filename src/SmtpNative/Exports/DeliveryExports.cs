using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Direct delivery to each recipient's mail exchangers, and its per-recipient report.</summary>
public static unsafe class DeliveryExports
{
    /// <summary>
    /// Delivers a message directly, the whole algorithm in one call: recipients grouped by domain; for
    /// each domain its MX records (DnsSetNameServers chooses the name servers), most preferred first;
    /// each exchanger tried in turn without authentication, moving to the next after a connection
    /// failure or a 4xx reply; the domain's own address only when it has no MX at all; nothing for a
    /// null MX. One connection per domain carries all of its recipients. With lpszRelay every recipient
    /// goes through that one host instead (one connection, no DNS). Blocks until every domain is done.
    /// Afterwards SmtpGetDeliveryResult, SmtpGetDeliveryServer and SmtpGetDeliveryReply report each
    /// recipient (results of the calling thread's last call).
    /// </summary>
    /// <param name="lpszFrom">Envelope sender ("" = the null sender, for bounces).</param>
    /// <param name="lpszRecipients">Recipients separated by commas or semicolons; NULL or "" = every To, Cc and Bcc
    /// address of the message (as MimeEnumMessageRecipients finds them).</param>
    /// <param name="lpvMessage">SMTP_MESSAGE_MEMORY: the message bytes. SMTP_MESSAGE_FILE: a path (this function's character type).</param>
    /// <param name="dwMessageSize">Memory: bytes; 0 = NUL-terminated text. Ignored for files.</param>
    /// <param name="dwMessageSource">SMTP_MESSAGE_MEMORY or SMTP_MESSAGE_FILE.</param>
    /// <param name="lpszRelay">NULL = direct delivery; otherwise the host every message goes through.</param>
    /// <param name="nRemotePort">Port of the exchangers (or relay); 0 = 25. Lets tests and unprivileged setups use another port.</param>
    /// <param name="nTimeout">Seconds for each network wait; 0 = 20.</param>
    /// <param name="dwOptions">SMTP_OPTION_* for each connection (e.g. SMTP_OPTION_SECURE_FALLBACK).</param>
    /// <param name="lpszLocalName">EHLO name; NULL = this machine's name.</param>
    /// <returns>The number of recipients delivered (check each with SmtpGetDeliveryResult: some may have failed).
    /// SMTP_ERROR when none was delivered (the last error is that of the first recipient's failure:
    /// ST_ERROR_RECIPIENT_REJECTED, ST_ERROR_NULL_MAIL_EXCHANGE, ST_ERROR_HOST_NOT_FOUND, ST_ERROR_CONNECTION_REFUSED, ...),
    /// or when the call is refused before any connection (ST_ERROR_INVALID_ADDRESS, ST_ERROR_INVALID_MESSAGE, ...; then there are no results).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpDeliverMessageA", CallConvs = [typeof(CallConvStdcall)])]
    public static int DeliverMessageA(byte* lpszFrom, byte* lpszRecipients, void* lpvMessage, uint dwMessageSize, uint dwMessageSource,
        byte* lpszRelay, uint nRemotePort, uint nTimeout, uint dwOptions, byte* lpszLocalName) =>
        DeliverMessage(TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszRecipients), lpvMessage, dwMessageSize, dwMessageSource,
            TextArg.Ansi(lpszRelay), nRemotePort, nTimeout, dwOptions, TextArg.Ansi(lpszLocalName), wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpDeliverMessageW", CallConvs = [typeof(CallConvStdcall)])]
    public static int DeliverMessageW(char* lpszFrom, char* lpszRecipients, void* lpvMessage, uint dwMessageSize, uint dwMessageSource,
        char* lpszRelay, uint nRemotePort, uint nTimeout, uint dwOptions, char* lpszLocalName) =>
        DeliverMessage(TextArg.Wide(lpszFrom), TextArg.Wide(lpszRecipients), lpvMessage, dwMessageSize, dwMessageSource,
            TextArg.Wide(lpszRelay), nRemotePort, nTimeout, dwOptions, TextArg.Wide(lpszLocalName), wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpDeliverMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int DeliverMessagePlain(byte* lpszFrom, byte* lpszRecipients, void* lpvMessage, uint dwMessageSize, uint dwMessageSource,
        byte* lpszRelay, uint nRemotePort, uint nTimeout, uint dwOptions, byte* lpszLocalName) =>
        DeliverMessage(TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszRecipients), lpvMessage, dwMessageSize, dwMessageSource,
            TextArg.Ansi(lpszRelay), nRemotePort, nTimeout, dwOptions, TextArg.Ansi(lpszLocalName), wide: false);

    private static int DeliverMessage(TextArg from, TextArg recipients, void* message, uint size, uint source, TextArg relay,
        uint port, uint timeout, uint options, TextArg localName, bool wide)
    {
        try
        {
            Library.Enter();
            DeliveryResults.Set([]);
            if (port > 65535)
                throw new SmtpException(SmtpError.InvalidParameter, "The port must be 0 to 65535");
            var settings = new DeliveryOptions((int)port, relay.Value, (int)Math.Min(timeout, int.MaxValue / 1000),
                (SmtpOptions)options, localName.Value);
            var delivery = new DirectDelivery(DnsSettings.Resolver, settings);
            string sender = from.Value ?? "";
            string? to = recipients.Value;

            var results = delivery.Deliver(sender, to, MessageArg.Decode(message, size, source, wide).ForDelivery());
            DeliveryResults.Set(results);
            int delivered = results.Count(r => r.Status == DeliveryStatus.Delivered);
            if (delivered == 0)
                throw new SmtpException(results[0].Error, results[0].Text);
            return delivered;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// What happened to one recipient of the calling thread's last SmtpDeliverMessage.
    /// </summary>
    /// <param name="nIndex">0-based, in the order of the recipients; negative = return the number of results and touch nothing.</param>
    /// <param name="lpszRecipient">Receives the address; may be NULL.</param>
    /// <param name="nMaxLength">Size of lpszRecipient in characters, terminator included.</param>
    /// <param name="lpnStatus">Receives SMTP_DELIVERY_DELIVERED, SMTP_DELIVERY_REJECTED (permanent: do not retry) or
    /// SMTP_DELIVERY_DEFERRED (temporary: retry later); may be NULL.</param>
    /// <param name="lpnResultCode">Receives the server's reply code (250, 451, 550, ...), 0 when no server answered; may be NULL.</param>
    /// <param name="lpdwError">Receives the matching ST_ERROR_* code (0 when delivered); may be NULL.</param>
    /// <returns>For nIndex &lt; 0 the count; otherwise the length of the address by the output-buffer rule; SMTP_ERROR
    /// with ST_ERROR_INVALID_PARAMETER when nIndex is past the last result.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryResultA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryResultA(int nIndex, [CType("LPTSTR")] byte* lpszRecipient, int nMaxLength, int* lpnStatus, int* lpnResultCode, uint* lpdwError) =>
        GetDeliveryResult(nIndex, TextBuffer.Ansi(lpszRecipient, nMaxLength), lpnStatus, lpnResultCode, lpdwError);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryResultW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryResultW(int nIndex, [CType("LPTSTR")] char* lpszRecipient, int nMaxLength, int* lpnStatus, int* lpnResultCode, uint* lpdwError) =>
        GetDeliveryResult(nIndex, TextBuffer.Wide(lpszRecipient, nMaxLength), lpnStatus, lpnResultCode, lpdwError);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryResult", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryResultPlain(int nIndex, [CType("LPTSTR")] byte* lpszRecipient, int nMaxLength, int* lpnStatus, int* lpnResultCode, uint* lpdwError) =>
        GetDeliveryResult(nIndex, TextBuffer.Ansi(lpszRecipient, nMaxLength), lpnStatus, lpnResultCode, lpdwError);

    private static int GetDeliveryResult(int index, TextBuffer recipient, int* status, int* code, uint* error)
    {
        try
        {
            Library.Enter();
            if (index < 0)
                return DeliveryResults.Last.Count;
            var r = Result(index);
            if (status != null) *status = (int)r.Status;
            if (code != null) *code = r.Code;
            if (error != null) *error = (uint)r.Error;
            return recipient.Put(r.Recipient);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// The mail exchanger (or relay) that gave a recipient its final answer, as it was connected to
    /// (host name or address); "" when no server was reached (DNS failure, null MX). Follows the output-buffer rule.
    /// </summary>
    /// <param name="nIndex">0-based result index.</param>
    /// <param name="lpszServer">Receives the host; NULL to ask for its length.</param>
    /// <param name="nMaxLength">Size of lpszServer in characters, terminator included.</param>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryServerA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryServerA(int nIndex, [CType("LPTSTR")] byte* lpszServer, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Ansi(lpszServer, nMaxLength), server: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryServerW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryServerW(int nIndex, [CType("LPTSTR")] char* lpszServer, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Wide(lpszServer, nMaxLength), server: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryServer", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryServerPlain(int nIndex, [CType("LPTSTR")] byte* lpszServer, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Ansi(lpszServer, nMaxLength), server: true);

    /// <summary>
    /// The text of the reply that decided a recipient's result (lines separated by LF, control characters
    /// removed), or the reason when no server answered (connection refused, null MX, NXDOMAIN, ...).
    /// Follows the output-buffer rule.
    /// </summary>
    /// <param name="nIndex">0-based result index.</param>
    /// <param name="lpszReply">Receives the text; NULL to ask for its length.</param>
    /// <param name="nMaxLength">Size of lpszReply in characters, terminator included.</param>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryReplyA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryReplyA(int nIndex, [CType("LPTSTR")] byte* lpszReply, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Ansi(lpszReply, nMaxLength), server: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryReplyW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryReplyW(int nIndex, [CType("LPTSTR")] char* lpszReply, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Wide(lpszReply, nMaxLength), server: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryReply", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDeliveryReplyPlain(int nIndex, [CType("LPTSTR")] byte* lpszReply, int nMaxLength) =>
        GetDeliveryText(nIndex, TextBuffer.Ansi(lpszReply, nMaxLength), server: false);

    private static int GetDeliveryText(int index, TextBuffer buffer, bool server)
    {
        try
        {
            Library.Enter();
            var r = Result(index);
            return buffer.Put(server ? r.Server : r.Text);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    private static DeliveryResult Result(int index)
    {
        var results = DeliveryResults.Last;
        if (index < 0 || index >= results.Count)
            throw new SmtpException(SmtpError.InvalidParameter, "nIndex is not the index of a delivery result");
        return results[index];
    }
}
