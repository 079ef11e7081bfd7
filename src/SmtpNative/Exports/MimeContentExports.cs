using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Mime;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Reading a MIME message back out: export, recipients, address parsing.</summary>
public static unsafe class MimeContentExports
{
    /// <summary>
    /// Writes the whole message (headers and body, CRLF line ends), ready for SmtpSendMessage.
    /// Size query rule: lpvTarget NULL (memory) sets *lpdwSize to the bytes needed and returns TRUE.
    /// Bcc headers are exported as they are: leave them out of a message you send.
    /// </summary>
    /// <param name="hMessage">The message.</param>
    /// <param name="dwExportTo">MIME_EXPORT_MEMORY: lpvTarget is a buffer of *lpdwSize bytes; the bytes are not NUL-terminated.
    /// MIME_EXPORT_FILE: lpvTarget is a path (this function's character type), created or replaced; *lpdwSize (if not NULL)
    /// receives the bytes written. MIME_EXPORT_HGLOBAL: Windows only (ST_ERROR_NOT_SUPPORTED elsewhere).</param>
    /// <param name="dwOptions">MIME_OPTION_DEFAULT.</param>
    /// <param name="lpvTarget">The buffer or the path.</param>
    /// <param name="lpdwSize">In: the buffer's size in bytes. Out: the message's size.</param>
    /// <returns>TRUE, or FALSE: ST_ERROR_BUFFER_TOO_SMALL (nothing written; *lpdwSize = the size needed), ST_ERROR_FILE_NOT_FOUND, ...</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeExportMessageExA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int ExportMessageExA(nint hMessage, uint dwExportTo, uint dwOptions, void* lpvTarget, uint* lpdwSize) =>
        ExportMessage(hMessage, dwExportTo, dwOptions, lpvTarget, lpdwSize, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "MimeExportMessageExW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int ExportMessageExW(nint hMessage, uint dwExportTo, uint dwOptions, void* lpvTarget, uint* lpdwSize) =>
        ExportMessage(hMessage, dwExportTo, dwOptions, lpvTarget, lpdwSize, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "MimeExportMessageEx", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int ExportMessageExPlain(nint hMessage, uint dwExportTo, uint dwOptions, void* lpvTarget, uint* lpdwSize) =>
        ExportMessage(hMessage, dwExportTo, dwOptions, lpvTarget, lpdwSize, wide: false);

    /// <summary>
    /// The simple form of MimeExportMessageEx: the message into a caller buffer (MIME_EXPORT_MEMORY,
    /// MIME_OPTION_DEFAULT), with the same size query rule.
    /// </summary>
    /// <param name="hMessage">The message.</param>
    /// <param name="lpvBuffer">Receives the bytes (not NUL-terminated); NULL to ask for the size.</param>
    /// <param name="lpdwSize">In: the buffer's size in bytes. Out: the message's size.</param>
    /// <returns>TRUE, or FALSE (ST_ERROR_BUFFER_TOO_SMALL with *lpdwSize = the size needed).</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeExportMessage", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int ExportMessageSimple(nint hMessage, void* lpvBuffer, uint* lpdwSize) =>
        ExportMessage(hMessage, (uint)MimeStorage.Memory, 0, lpvBuffer, lpdwSize, wide: false);

    private static int ExportMessage(nint hMessage, uint to, uint options, void* target, uint* size, bool wide)
    {
        try
        {
            using var message = Messages.Enter(hMessage);
            MimeExports.RequireDefault(options);
            switch ((MimeStorage)to)
            {
                case MimeStorage.Memory:
                    if (size == null)
                        throw new SmtpException(SmtpError.InvalidParameter, "lpdwSize must not be NULL");
                    byte[] bytes = MimeDocument.ToBytes(message.Message);
                    uint capacity = *size;
                    *size = (uint)bytes.Length;
                    if (target == null)
                        return 1;
                    if (capacity < bytes.Length)
                        throw new SmtpException(SmtpError.BufferTooSmall, $"The buffer is too small: the message is {bytes.Length} bytes");
                    bytes.CopyTo(new Span<byte>(target, bytes.Length));
                    return 1;
                case MimeStorage.File:
                    if (target == null)
                        throw new SmtpException(SmtpError.InvalidParameter, "lpvTarget must not be NULL");
                    string path = (wide ? TextArg.Wide((char*)target) : TextArg.Ansi((byte*)target)).Required("lpvTarget");
                    long written;
                    try
                    {
                        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
                        MimeDocument.WriteTo(message.Message, file);
                        written = file.Length;
                    }
                    catch (IOException e)
                    {
                        throw new SmtpException(SmtpError.FileNotFound, "Cannot write the file: " + e.Message);
                    }
                    if (size != null) *size = (uint)Math.Min(written, uint.MaxValue);
                    return 1;
                case MimeStorage.Hglobal:
                    throw new SmtpException(SmtpError.NotSupported, "HGLOBAL exists only on Windows");
                default:
                    throw new SmtpException(SmtpError.InvalidParameter, "dwExportTo is not a MIME_EXPORT_* value");
            }
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// Every envelope recipient of a message: each mailbox of To, Cc and Bcc (groups expanded), then of
    /// the extra list, duplicates removed (case-insensitive), in that order, as a list (each address
    /// NUL-terminated, the list ended by an empty item). Only real addresses become items: display
    /// names, comments and encoded-words never do, and mailboxes that could not be used in RCPT TO are
    /// left out.
    /// </summary>
    /// <param name="hMessage">The message.</param>
    /// <param name="lpszExtraAddresses">More addresses (an address list, e.g. the Bcc of a message that has none); may be NULL.</param>
    /// <param name="lpszBuffer">Receives the list; NULL to ask for the count (return) and size (*lpcchBuffer).</param>
    /// <param name="lpcchBuffer">In: the buffer's size in characters. Out: the list's size, every terminator included.</param>
    /// <returns>The number of addresses, or SMTP_ERROR (ST_ERROR_BUFFER_TOO_SMALL, ST_ERROR_INVALID_ADDRESS for an
    /// extra list that does not parse, ST_ERROR_INVALID_HANDLE).</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeEnumMessageRecipientsA", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMessageRecipientsA(nint hMessage, byte* lpszExtraAddresses, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        EnumMessageRecipients(hMessage, TextArg.Ansi(lpszExtraAddresses), TextList.Ansi(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "MimeEnumMessageRecipientsW", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMessageRecipientsW(nint hMessage, char* lpszExtraAddresses, [CType("LPTSTR")] char* lpszBuffer, uint* lpcchBuffer) =>
        EnumMessageRecipients(hMessage, TextArg.Wide(lpszExtraAddresses), TextList.Wide(lpszBuffer, lpcchBuffer));

    [UnmanagedCallersOnly(EntryPoint = "MimeEnumMessageRecipients", CallConvs = [typeof(CallConvStdcall)])]
    public static int EnumMessageRecipientsPlain(nint hMessage, byte* lpszExtraAddresses, [CType("LPTSTR")] byte* lpszBuffer, uint* lpcchBuffer) =>
        EnumMessageRecipients(hMessage, TextArg.Ansi(lpszExtraAddresses), TextList.Ansi(lpszBuffer, lpcchBuffer));

    private static int EnumMessageRecipients(nint hMessage, TextArg extra, TextList list)
    {
        try
        {
            using var message = Messages.Enter(hMessage);
            return list.Put(MimeRecipients.Enumerate(message.Message, extra.Value));
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }

    /// <summary>
    /// Splits one address ("Name &lt;a@b&gt;", "a@b (Name)", "=?utf-8?q?...?= &lt;a@b&gt;") into its display
    /// name (decoded) and the bare address. Each output follows the output-buffer rule with nMaxLength.
    /// </summary>
    /// <param name="lpszAddress">The address text.</param>
    /// <param name="lpszName">Receives the display name ("" when none); may be NULL.</param>
    /// <param name="lpszAddressOut">Receives the address; may be NULL.</param>
    /// <param name="nMaxLength">Size of each output buffer in characters, terminator included.</param>
    /// <returns>The length of the address, or SMTP_ERROR (ST_ERROR_INVALID_ADDRESS when the text is not exactly one
    /// valid address; ST_ERROR_BUFFER_TOO_SMALL).</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeParseAddressA", CallConvs = [typeof(CallConvStdcall)])]
    public static int ParseAddressA(byte* lpszAddress, [CType("LPTSTR")] byte* lpszName, [CType("LPTSTR")] byte* lpszAddressOut, int nMaxLength) =>
        ParseAddress(TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszName, lpszName == null ? 0 : nMaxLength),
            TextBuffer.Ansi(lpszAddressOut, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "MimeParseAddressW", CallConvs = [typeof(CallConvStdcall)])]
    public static int ParseAddressW(char* lpszAddress, [CType("LPTSTR")] char* lpszName, [CType("LPTSTR")] char* lpszAddressOut, int nMaxLength) =>
        ParseAddress(TextArg.Wide(lpszAddress), TextBuffer.Wide(lpszName, lpszName == null ? 0 : nMaxLength),
            TextBuffer.Wide(lpszAddressOut, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "MimeParseAddress", CallConvs = [typeof(CallConvStdcall)])]
    public static int ParseAddressPlain(byte* lpszAddress, [CType("LPTSTR")] byte* lpszName, [CType("LPTSTR")] byte* lpszAddressOut, int nMaxLength) =>
        ParseAddress(TextArg.Ansi(lpszAddress), TextBuffer.Ansi(lpszName, lpszName == null ? 0 : nMaxLength),
            TextBuffer.Ansi(lpszAddressOut, nMaxLength));

    private static int ParseAddress(TextArg text, TextBuffer name, TextBuffer address)
    {
        try
        {
            Library.Enter();
            var (displayName, mailbox) = MimeRecipients.Parse(text.Required("lpszAddress"));
            int length = address.Put(mailbox);
            name.Put(displayName);
            return length;
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
