using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Sending whole messages and reading what happened to each recipient.</summary>
public static unsafe class SendExports
{
    /// <summary>
    /// Sends one message in one transaction: MAIL FROM, RCPT TO for each recipient, DATA, content.
    /// With PIPELINING (when offered) the commands go in a single write.
    /// The content goes on the wire canonical whatever was passed: bare CR or LF become CRLF, lines
    /// starting with "." are dot-stuffed, the data ends with CRLF before the final ".". A message
    /// with a NUL byte or a line over 998 octets is refused (ST_ERROR_INVALID_MESSAGE) before anything is sent.
    /// A recipient refused by the server does not fail the call while another is accepted
    /// (see SmtpGetRecipientStatus); when every recipient is refused the call fails with
    /// ST_ERROR_NO_VALID_RECIPIENTS and no message is sent.
    /// </summary>
    /// <param name="lpszFrom">Envelope sender: "a@b", "&lt;a@b&gt;", "Name &lt;a@b&gt;", or "" / "&lt;&gt;" for the null sender.</param>
    /// <param name="lpszRecipient">Every envelope recipient (To, Cc and Bcc), separated by commas or semicolons. Headers are not parsed.</param>
    /// <param name="lpvMessage">SMTP_MESSAGE_MEMORY: the message bytes (headers and body). SMTP_MESSAGE_FILE: the path of a file
    /// (LPCTSTR of this function's character type), streamed, never read whole into memory.</param>
    /// <param name="dwMessageSize">SMTP_MESSAGE_MEMORY: size in bytes; 0 = NUL-terminated text (UTF-16 text for the W function,
    /// sent as UTF-8). Ignored for SMTP_MESSAGE_FILE.</param>
    /// <param name="dwOptions">SMTP_MESSAGE_MEMORY (0) or SMTP_MESSAGE_FILE; SMTP_MESSAGE_HGLOBAL and SMTP_MESSAGE_CLIPBOARD
    /// give ST_ERROR_NOT_SUPPORTED outside Windows.</param>
    /// <returns>0, or SMTP_ERROR. Addresses with control characters or extra ESMTP parameters give
    /// ST_ERROR_INVALID_ADDRESS before anything is sent.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageA", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageA(nint hClient, byte* lpszFrom, byte* lpszRecipient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        SendMessage(hClient, TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszRecipient), lpvMessage, dwMessageSize, dwOptions, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageW", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageW(nint hClient, char* lpszFrom, char* lpszRecipient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        SendMessage(hClient, TextArg.Wide(lpszFrom), TextArg.Wide(lpszRecipient), lpvMessage, dwMessageSize, dwOptions, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessage", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessagePlain(nint hClient, byte* lpszFrom, byte* lpszRecipient, void* lpvMessage, uint dwMessageSize, uint dwOptions) =>
        SendMessage(hClient, TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszRecipient), lpvMessage, dwMessageSize, dwOptions, wide: false);

    private static int SendMessage(nint hClient, TextArg from, TextArg recipients, void* message, uint size, uint options, bool wide)
    {
        try
        {
            using var client = Clients.Enter(hClient);
            string sender = from.CachedValue(client.State.SenderText) ?? "";
            string to = recipients.CachedValue(client.State.RecipientText)
                ?? throw new SmtpException(SmtpError.InvalidParameter, "The parameter lpszRecipient must not be NULL");
            client.Session.SendMessage(sender, to, MessageArg.Read(message, size, options, wide));
            return 0;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// How the server answered each recipient of the last transaction on this handle
    /// (SmtpSendMessage or the staged functions).
    /// </summary>
    /// <param name="nIndex">0-based recipient index; a negative index returns the number of recipients and touches no buffer.</param>
    /// <param name="lpszAddress">Receives the mailbox as sent; may be NULL.</param>
    /// <param name="nMaxLength">Size of lpszAddress in characters, terminator included.</param>
    /// <param name="lpnResultCode">Receives the reply code (250, 550, ...); may be NULL.</param>
    /// <returns>For nIndex &lt; 0 the count; otherwise the length of the address by the output-buffer rule;
    /// SMTP_ERROR with ST_ERROR_INVALID_PARAMETER when nIndex is past the last recipient.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetRecipientStatusA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetRecipientStatusA(nint hClient, int nIndex, [CType("LPTSTR")] byte* lpszAddress, int nMaxLength, int* lpnResultCode) =>
        GetRecipientStatus(hClient, nIndex, TextBuffer.Ansi(lpszAddress, nMaxLength), lpnResultCode);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetRecipientStatusW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetRecipientStatusW(nint hClient, int nIndex, [CType("LPTSTR")] char* lpszAddress, int nMaxLength, int* lpnResultCode) =>
        GetRecipientStatus(hClient, nIndex, TextBuffer.Wide(lpszAddress, nMaxLength), lpnResultCode);

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetRecipientStatus", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetRecipientStatusPlain(nint hClient, int nIndex, [CType("LPTSTR")] byte* lpszAddress, int nMaxLength, int* lpnResultCode) =>
        GetRecipientStatus(hClient, nIndex, TextBuffer.Ansi(lpszAddress, nMaxLength), lpnResultCode);

    private static int GetRecipientStatus(nint hClient, int index, TextBuffer address, int* resultCode)
    {
        try
        {
            using var client = Clients.EnterQuery(hClient);
            var recipients = client.Session.Recipients;
            if (index < 0)
                return recipients.Count;
            if (index >= recipients.Count)
                throw new SmtpException(SmtpError.InvalidParameter, "nIndex is past the last recipient");
            if (resultCode != null)
                *resultCode = recipients[index].Code;
            return address.Put(recipients[index].Address);
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
