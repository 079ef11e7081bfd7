using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>The staged transaction (MAIL FROM, RCPT TO, content in pieces, end of data) and DSN options.</summary>
public static unsafe class StagedExports
{
    /// <summary>
    /// Starts a message: MAIL FROM. With PIPELINING (when offered and not switched off with
    /// SMTP_OPTION_NOPIPELINING) the command is sent together with the first SmtpAddRecipient, which then
    /// also reports a refused sender. The content is not known yet, so BODY=8BITMIME is declared whenever
    /// the server offers 8BITMIME; SMTPUTF8 is used when the sender is not ASCII (an ASCII local part with a
    /// non-ASCII domain is sent with the domain's xn-- A-label instead). Fails with ST_ERROR_INVALID_STATE
    /// while another staged message is open.
    /// </summary>
    /// <param name="lpszSender">Envelope sender: "a@b", "&lt;a@b&gt;", "Name &lt;a@b&gt;", or "" / NULL for the null sender.</param>
    /// <param name="dwMessageSize">The message size in bytes when known: sends SIZE= (when offered) and fails with
    /// ST_ERROR_MESSAGE_TOO_LARGE, sending nothing, when it exceeds the server's advertised limit; 0 = unknown.</param>
    /// <param name="dwReserved">Reserved; pass 0.</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_COMMAND_REJECTED when the server refused the sender;
    /// ST_ERROR_SMTPUTF8_REQUIRED; ST_ERROR_INVALID_ADDRESS).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateMessageA", CallConvs = [typeof(CallConvStdcall)])]
    public static int CreateMessageA(nint hClient, byte* lpszSender, uint dwMessageSize, uint dwReserved) =>
        CreateMessage(hClient, TextArg.Ansi(lpszSender), dwMessageSize);

    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateMessageW", CallConvs = [typeof(CallConvStdcall)])]
    public static int CreateMessageW(nint hClient, char* lpszSender, uint dwMessageSize, uint dwReserved) =>
        CreateMessage(hClient, TextArg.Wide(lpszSender), dwMessageSize);

    [UnmanagedCallersOnly(EntryPoint = "SmtpCreateMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int CreateMessagePlain(nint hClient, byte* lpszSender, uint dwMessageSize, uint dwReserved) =>
        CreateMessage(hClient, TextArg.Ansi(lpszSender), dwMessageSize);

    private static int CreateMessage(nint hClient, TextArg sender, uint size)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.CreateMessage(sender.Value ?? "", size);
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Adds one recipient: RCPT TO (with NOTIFY/ORCPT when DSN options are set and the server offers DSN).
    /// A refusal fails this call only (ST_ERROR_RECIPIENT_REJECTED, the reply in SmtpGetResultCode/String);
    /// the message stays open for other recipients. Every call is recorded for SmtpGetRecipientStatus.
    /// </summary>
    /// <param name="lpszRecipient">One address: "a@b", "&lt;a@b&gt;" or "Name &lt;a@b&gt;".</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_RECIPIENT_REJECTED, ST_ERROR_INVALID_ADDRESS, ST_ERROR_INVALID_STATE
    /// without SmtpCreateMessage, ST_ERROR_COMMAND_REJECTED when a pipelined MAIL FROM was refused).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpAddRecipientA", CallConvs = [typeof(CallConvStdcall)])]
    public static int AddRecipientA(nint hClient, byte* lpszRecipient) => AddRecipient(hClient, TextArg.Ansi(lpszRecipient));

    [UnmanagedCallersOnly(EntryPoint = "SmtpAddRecipientW", CallConvs = [typeof(CallConvStdcall)])]
    public static int AddRecipientW(nint hClient, char* lpszRecipient) => AddRecipient(hClient, TextArg.Wide(lpszRecipient));

    [UnmanagedCallersOnly(EntryPoint = "SmtpAddRecipient", CallConvs = [typeof(CallConvStdcall)])]
    public static int AddRecipientPlain(nint hClient, byte* lpszRecipient) => AddRecipient(hClient, TextArg.Ansi(lpszRecipient));

    private static int AddRecipient(nint hClient, TextArg recipient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.AddRecipient(recipient.Required("lpszRecipient"));
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Appends content to the open message; any number of calls. The first content sends DATA (or, when the
    /// server offers CHUNKING and SMTP_OPTION_NOCHUNKING is not set, starts BDAT chunks). Content is made
    /// canonical on the wire as in SmtpSendMessage, however it is split across calls. A NUL byte or a line
    /// over 998 octets fails with ST_ERROR_INVALID_MESSAGE: with BDAT the message is abandoned with RSET;
    /// with DATA the connection is closed (ending DATA would deliver a truncated message).
    /// </summary>
    /// <param name="lpvMessage">SMTP_MESSAGE_MEMORY: bytes. SMTP_MESSAGE_FILE: the path of a file (LPCTSTR of this function's character type).</param>
    /// <param name="dwMessageSize">SMTP_MESSAGE_MEMORY: size in bytes; 0 = NUL-terminated text. Ignored for files.</param>
    /// <param name="dwOptions">SMTP_MESSAGE_MEMORY or SMTP_MESSAGE_FILE.</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_NO_VALID_RECIPIENTS when no recipient was accepted).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpAppendMessageA", CallConvs = [typeof(CallConvStdcall)])]
    public static int AppendMessageA(nint hClient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        AppendMessage(hClient, lpvMessage, dwMessageSize, dwOptions, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpAppendMessageW", CallConvs = [typeof(CallConvStdcall)])]
    public static int AppendMessageW(nint hClient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        AppendMessage(hClient, lpvMessage, dwMessageSize, dwOptions, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpAppendMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int AppendMessagePlain(nint hClient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        AppendMessage(hClient, lpvMessage, dwMessageSize, dwOptions, wide: false);

    private static int AppendMessage(nint hClient, void* message, uint size, uint options, bool wide)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.AppendContent(MessageArg.Read(message, size, options, wide));
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Appends cbBuffer bytes of content to the open message (as SmtpAppendMessage with SMTP_MESSAGE_MEMORY).
    /// Splitting anywhere — even between CR and LF — gives the same bytes on the wire.
    /// </summary>
    /// <param name="lpBuffer">The bytes; may be NULL when cbBuffer is 0.</param>
    /// <param name="cbBuffer">Number of bytes (0 is allowed and sends nothing).</param>
    /// <returns>cbBuffer, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpWrite", CallConvs = [typeof(CallConvStdcall)])]
    public static int Write(nint hClient, byte* lpBuffer, int cbBuffer)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (cbBuffer < 0 || (lpBuffer == null && cbBuffer > 0))
                throw new SmtpException(SmtpError.InvalidParameter, "lpBuffer is NULL or cbBuffer is negative");
            client.Session.AppendContent(MessageContent.FromMemory(new ReadOnlySpan<byte>(lpBuffer, cbBuffer)));
            return cbBuffer;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Ends the message (the end-of-data mark, or the LAST BDAT chunk) and waits for the server's verdict:
    /// the server may still refuse the message here (ST_ERROR_COMMAND_REJECTED, reply in SmtpGetResultCode).
    /// A message with no content sends an empty body.
    /// </summary>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpCloseMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int CloseMessage(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            client.Session.CloseMessage();
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// RSET: abandons the open message (and tells the server to forget any transaction). During DATA
    /// content there is no way to abandon a message without delivering it truncated, so the connection is
    /// closed instead and the call fails with ST_ERROR_INVALID_STATE; with BDAT, RSET is sent normally.
    /// </summary>
    /// <returns>0, or SMTP_ERROR.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpReset", CallConvs = [typeof(CallConvStdcall)])]
    public static int Reset(nint hClient)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            if (!client.Session.IsConnected)
                throw new SmtpException(SmtpError.NotConnected);
            client.Session.Reset();
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Sets the DSN options of the next transactions (RFC 3461): SMTP_NOTIFY_SUCCESS | SMTP_NOTIFY_FAILURE |
    /// SMTP_NOTIFY_DELAY, or SMTP_NOTIFY_NEVER (RCPT TO NOTIFY=, with ORCPT=rfc822;address), and
    /// SMTP_RETURN_HEADERS or SMTP_RETURN_MESSAGE (MAIL FROM RET=, with a generated ENVID=). Applied only
    /// when the server offers DSN; otherwise nothing is added. 0 turns DSN parameters off.
    /// </summary>
    /// <param name="dwOptions">SMTP_NOTIFY_* | SMTP_RETURN_* flags.</param>
    /// <returns>0, or SMTP_ERROR (ST_ERROR_INVALID_PARAMETER for unknown bits, or NEVER with another notify flag).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSetDeliveryOptions", CallConvs = [typeof(CallConvStdcall)])]
    public static int SetDeliveryOptions(nint hClient, uint dwOptions)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            const uint known = (uint)(SmtpNotify.Success | SmtpNotify.Failure | SmtpNotify.Delay | SmtpNotify.Never)
                | (uint)(SmtpReturn.Headers | SmtpReturn.Message);
            if ((dwOptions & ~known) != 0)
                throw new SmtpException(SmtpError.InvalidParameter, "dwOptions has bits that are not SMTP_NOTIFY_* or SMTP_RETURN_*");
            if ((dwOptions & (uint)SmtpNotify.Never) != 0 && (dwOptions & (uint)(SmtpNotify.Success | SmtpNotify.Failure | SmtpNotify.Delay)) != 0)
                throw new SmtpException(SmtpError.InvalidParameter, "SMTP_NOTIFY_NEVER excludes the other SMTP_NOTIFY_* flags");
            if ((dwOptions & (uint)SmtpReturn.Headers) != 0 && (dwOptions & (uint)SmtpReturn.Message) != 0)
                throw new SmtpException(SmtpError.InvalidParameter, "SMTP_RETURN_HEADERS and SMTP_RETURN_MESSAGE exclude each other");
            client.Session.DeliveryOptions = dwOptions;
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>The DSN options set with SmtpSetDeliveryOptions (0 when none, or on failure with the last error set).</summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetDeliveryOptions", CallConvs = [typeof(CallConvStdcall)])]
    public static uint GetDeliveryOptions(nint hClient)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            return client.Session.DeliveryOptions;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0u); }
    }
}
