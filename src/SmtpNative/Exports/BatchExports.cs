using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Many messages over one connection in one call (RFC 2920 pipelining across messages).</summary>
public static unsafe class BatchExports
{
    /// <summary>
    /// Sends nMessages messages over this connection in one call, each its own transaction, and writes a
    /// result into each element of lpMessages (dwResult, nResultCode). When the server offers PIPELINING,
    /// the content of one message, its final "." and the MAIL FROM, RCPT TO and DATA of the next go in one
    /// write (RFC 2920), so each message costs one round trip instead of the two of SmtpSendMessage;
    /// otherwise the messages go one after the other as SmtpSendMessage sends them. Each message goes on
    /// the wire exactly as SmtpSendMessage sends it (canonical CRLF, dot-stuffing, NUL and line-length
    /// checks, SIZE and BODY=8BITMIME when offered). A message refused locally (invalid address or content,
    /// too large, file missing) or by the server (sender, every recipient, DATA or the content refused)
    /// gets its error and the batch goes on. A failure of the connection (closed, timeout, 421, cancel)
    /// ends the call with SMTP_ERROR: the messages before it have their results, the others get that
    /// error. An array of descriptors (not one call per message) keeps the caller's buffers in place:
    /// nothing is copied, and the same sender or recipient pointer in every element is checked once.
    /// After the call SmtpGetResultCode, SmtpGetResultString and SmtpGetRecipientStatus describe the last
    /// message sent. Same thread rule as every call on the handle.
    /// </summary>
    /// <param name="lpMessages">Array of nMessages SMTPBATCHMESSAGE descriptors; the library writes dwResult and nResultCode of each.</param>
    /// <param name="nMessages">Number of elements; 0 sends nothing and returns 0.</param>
    /// <returns>The number of messages the server accepted (0 to nMessages), or SMTP_ERROR when the call could not start
    /// (invalid handle or parameters) or the connection failed during the batch (see SmtpGetLastError).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatchA", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchA(nint hClient, BatchMessageA* lpMessages, int nMessages) =>
        SendMessageBatch(hClient, lpMessages, nMessages, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatchW", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchW(nint hClient, BatchMessageW* lpMessages, int nMessages) =>
        SendMessageBatch(hClient, (BatchMessageA*)lpMessages, nMessages, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "SmtpSendMessageBatch", CallConvs = [typeof(CallConvStdcall)])]
    public static int SendMessageBatchPlain(nint hClient, BatchMessageA* lpMessages, int nMessages) =>
        SendMessageBatch(hClient, lpMessages, nMessages, wide: false);

    /// <param name="messages">The caller's array; W descriptors are read through the A layout, which is the same.</param>
    private static int SendMessageBatch(nint hClient, BatchMessageA* messages, int count, bool wide)
    {
        NativeBatch? batch = null;
        try
        {
            using var client = Clients.Enter(hClient);
            if (count < 0)
                throw new SmtpException(SmtpError.InvalidParameter, "nMessages must not be negative");
            if (count == 0)
                return 0;
            if (messages == null)
                throw new SmtpException(SmtpError.InvalidParameter, "lpMessages must not be NULL");
            batch = new NativeBatch(messages, count, wide);
            return client.Session.SendBatch(batch);
        }
        catch (Exception e)
        {
            batch?.FailRest(ExportGuard.ToError(e));
            return ExportGuard.Fail(e, ExportGuard.Error);
        }
    }

    /// <summary>The caller's descriptors seen as an <see cref="IMessageBatch"/>; results written straight back.</summary>
    private sealed class NativeBatch(BatchMessageA* messages, int count, bool wide) : IMessageBatch
    {
        private int _completed;
        // The last pointer decoded and its text: the same pointer again (one sender for a whole batch) costs nothing.
        private void* _fromPointer, _recipientsPointer;
        private string? _fromText, _recipientsText;

        public int Count => count;

        public string Sender(int index)
        {
            void* p = messages[index].lpszFrom;
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
            void* p = messages[index].lpszRecipient;
            if (p != _recipientsPointer || _recipientsText is null)
            {
                _recipientsText = Decode(p).Required("lpszRecipient");
                _recipientsPointer = p;
            }
            return _recipientsText;
        }

        public MessageContent Content(int index)
        {
            ref var m = ref messages[index];
            return MessageArg.Read(m.lpvMessage, m.dwMessageSize, m.dwOptions, wide);
        }

        public void Complete(int index, SmtpError error, int replyCode)
        {
            messages[index].dwResult = (uint)error;
            messages[index].nResultCode = replyCode;
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
