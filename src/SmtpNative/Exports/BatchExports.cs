using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Many messages over one connection in one call (RFC 2920 pipelining across messages).</summary>
public static unsafe class BatchExports
{
    /// <summary>
    /// Sends nMessages messages over this connection in one call, each its own transaction, with a
    /// result per message. When the server offers PIPELINING the content of one message, its final "."
    /// and the MAIL FROM, RCPT TO and DATA of the next go in one write (RFC 2920), so each message costs
    /// one round trip instead of the two of SmtpSendMessage; otherwise the messages go one after the
    /// other as SmtpSendMessage would send them. Each message is sent exactly as SmtpSendMessage sends it
    /// (canonical CRLF, dot-stuffing, NUL and line-length checks, SIZE and BODY=8BITMIME when offered).
    /// The message i is described by element i of the parallel arrays (one array per field, so any
    /// language can build them without a struct). Nothing is copied: every pointer must stay valid until
    /// the call returns. A message refused locally (invalid address, invalid content, too large, file
    /// missing) or by the server (sender, every recipient, DATA or the content refused) gets its error in
    /// lpdwResult and the batch goes on. A failure of the connection (closed, timeout, 421, cancel) ends
    /// the call with SMTP_ERROR; the messages before it have their results, the others get that error.
    /// After the call SmtpGetResultCode, SmtpGetResultString and SmtpGetRecipientStatus describe the last
    /// message sent. Same thread rule as every call on the handle.
    /// </summary>
    /// <param name="nMessages">Number of messages (elements of each array); 0 sends nothing and returns 0.</param>
    /// <param name="lplpszFrom">Array of envelope senders, one per message, as for SmtpSendMessage; a NULL element is the null sender.
    /// Passing the same pointer for every message (the usual case) lets the library check it once.</param>
    /// <param name="lplpszRecipient">Array of recipient lists, one per message: every envelope recipient separated by commas or semicolons.</param>
    /// <param name="lplpvMessage">Array of messages: with SMTP_MESSAGE_MEMORY the bytes, with SMTP_MESSAGE_FILE the path of a file
    /// (text of this function's character type), streamed, never read whole into memory.</param>
    /// <param name="lpdwMessageSize">Array of sizes in bytes for SMTP_MESSAGE_MEMORY (0 = NUL-terminated text), or NULL when every
    /// message is NUL-terminated or a file.</param>
    /// <param name="dwOptions">SMTP_MESSAGE_MEMORY (0) or SMTP_MESSAGE_FILE, for every message.</param>
    /// <param name="lpdwResult">Receives one ST_ERROR_* code per message, 0 when the server accepted it; may be NULL.</param>
    /// <param name="lpnResultCode">Receives the server's last reply code per message (250, 550, ...; 0 when refused before it was sent); may be NULL.</param>
    /// <returns>The number of messages the server accepted (0 to nMessages), or SMTP_ERROR when the call could not start
    /// (invalid handle or parameters) or the connection failed during the batch (see SmtpGetLastError).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatchA", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchA(nint hClient, int nMessages, [CType("const LPCSTR *")] byte** lplpszFrom,
        [CType("const LPCSTR *")] byte** lplpszRecipient, [CType("const LPCVOID *")] void** lplpvMessage,
        [CType("const DWORD *")] uint* lpdwMessageSize, uint dwOptions, uint* lpdwResult, int* lpnResultCode) =>
        SendMessageBatch(hClient, nMessages, (void**)lplpszFrom, (void**)lplpszRecipient, lplpvMessage, lpdwMessageSize, dwOptions, lpdwResult, lpnResultCode, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatchW", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchW(nint hClient, int nMessages, [CType("const LPCWSTR *")] char** lplpszFrom,
        [CType("const LPCWSTR *")] char** lplpszRecipient, [CType("const LPCVOID *")] void** lplpvMessage,
        [CType("const DWORD *")] uint* lpdwMessageSize, uint dwOptions, uint* lpdwResult, int* lpnResultCode) =>
        SendMessageBatch(hClient, nMessages, (void**)lplpszFrom, (void**)lplpszRecipient, lplpvMessage, lpdwMessageSize, dwOptions, lpdwResult, lpnResultCode, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatch", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchPlain(nint hClient, int nMessages, [CType("const LPCSTR *")] byte** lplpszFrom,
        [CType("const LPCSTR *")] byte** lplpszRecipient, [CType("const LPCVOID *")] void** lplpvMessage,
        [CType("const DWORD *")] uint* lpdwMessageSize, uint dwOptions, uint* lpdwResult, int* lpnResultCode) =>
        SendMessageBatch(hClient, nMessages, (void**)lplpszFrom, (void**)lplpszRecipient, lplpvMessage, lpdwMessageSize, dwOptions, lpdwResult, lpnResultCode, wide: false);

    private static int SendMessageBatch(nint hClient, int count, void** from, void** recipients, void** messages, uint* sizes,
        uint options, uint* results, int* codes, bool wide)
    {
        NativeBatch? batch = null;
        try
        {
            using var client = Clients.Enter(hClient);
            if (count < 0)
                throw new SmtpException(SmtpError.InvalidParameter, "nMessages must not be negative");
            if (count == 0)
                return 0;
            if (from == null || recipients == null || messages == null)
                throw new SmtpException(SmtpError.InvalidParameter, "lplpszFrom, lplpszRecipient and lplpvMessage must not be NULL");
            if ((SmtpMessageSource)options is SmtpMessageSource.Hglobal or SmtpMessageSource.Clipboard)
                throw new SmtpException(SmtpError.NotSupported, "HGLOBAL and clipboard messages exist only on Windows");
            if ((SmtpMessageSource)options is not (SmtpMessageSource.Memory or SmtpMessageSource.File))
                throw new SmtpException(SmtpError.InvalidParameter, "dwOptions is not an SMTP_MESSAGE_* source");
            batch = new NativeBatch(count, from, recipients, messages, sizes, options, wide, results, codes);
            return client.Session.SendBatch(batch);
        }
        catch (Exception e)
        {
            batch?.FailRest(ExportGuard.ToError(e));
            return ExportGuard.Fail(e, ExportGuard.Error);
        }
    }

    /// <summary>The caller's parallel arrays seen as an <see cref="IMessageBatch"/>; results written straight back.</summary>
    private sealed class NativeBatch(int count, void** from, void** recipients, void** messages, uint* sizes, uint options, bool wide,
        uint* results, int* codes) : IMessageBatch
    {
        private int _completed;
        // The last pointer decoded and its text: the same pointer again (one sender for a whole batch) costs nothing.
        private void* _fromPointer, _recipientsPointer;
        private string? _fromText, _recipientsText;

        public int Count => count;

        public string Sender(int index)
        {
            void* p = from[index];
            if (p == null) return "";
            if (p != _fromPointer || _fromText is null)
            {
                _fromText = Decode(p).Value ?? "";
                _fromPointer = p;
            }
            return _fromText;
        }

        public string Recipients(int index)
        {
            void* p = recipients[index];
            if (p != _recipientsPointer || _recipientsText is null)
            {
                _recipientsText = Decode(p).Required("lplpszRecipient[i]");
                _recipientsPointer = p;
            }
            return _recipientsText;
        }

        public MessageContent Content(int index) =>
            MessageArg.Content(messages[index], sizes == null ? 0 : sizes[index], options, wide, "lplpvMessage[i]");

        public void Complete(int index, SmtpError error, int replyCode)
        {
            if (results != null) results[index] = (uint)error;
            if (codes != null) codes[index] = replyCode;
            _completed = index + 1;
        }

        /// <summary>After a failure that ended the batch: the messages without a result get its error.</summary>
        public void FailRest(SmtpError error)
        {
            for (int i = _completed; i < count; i++)
                Complete(i, error, 0);
        }

        private TextArg Decode(void* p) => wide ? TextArg.Wide((char*)p) : TextArg.Ansi((byte*)p);
    }
}
