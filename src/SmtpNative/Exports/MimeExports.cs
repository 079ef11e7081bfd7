using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Core.Mime;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>MIME messages (HMESSAGE): library lifetime, compose, import, attach, delete.</summary>
public static unsafe class MimeExports
{
    /// <summary>
    /// Initializes the library for the MIME functions. The same reference count as SmtpInitialize and
    /// DnsInitialize (one library): each successful call needs one MimeUninitialize (or any of the
    /// Uninitialize functions); the last one frees every HMESSAGE still open.
    /// </summary>
    /// <param name="lpszLicenseKey">Accepted for source compatibility and ignored; may be NULL.</param>
    /// <param name="lpReserved">Reserved; pass NULL.</param>
    /// <returns>TRUE; FALSE only if the key is not valid text.</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeInitializeA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeA(byte* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Ansi(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "MimeInitializeW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeW(char* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Wide(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "MimeInitialize", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializePlain(byte* lpszLicenseKey, void* lpReserved) => LibraryExports.Initialize(TextArg.Ansi(lpszLicenseKey));

    /// <summary>Releases one reference of the shared count (see MimeInitialize). Harmless when there is none.</summary>
    [UnmanagedCallersOnly(EntryPoint = "MimeUninitialize", CallConvs = [typeof(CallConvStdcall)])]
    public static void Uninitialize() => LibraryExports.UninitializeCore();

    /// <summary>The calling thread's last error code: the same value as SmtpGetLastError and DnsGetLastError.</summary>
    [UnmanagedCallersOnly(EntryPoint = "MimeGetLastError", CallConvs = [typeof(CallConvStdcall)])]
    public static uint GetLastError() => LastError.Code;

    /// <summary>A description of an error code; the same texts as SmtpGetErrorString. Follows the output-buffer rule.</summary>
    /// <param name="dwError">An error code, usually from MimeGetLastError.</param>
    /// <param name="lpszBuffer">Receives the text; NULL to ask for its length.</param>
    /// <param name="nMaxLength">Size of lpszBuffer in characters, terminator included.</param>
    /// <returns>Characters copied (without terminator), or the length needed; SMTP_ERROR when the buffer is too small.</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeGetErrorStringA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringA(uint dwError, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        LibraryExports.GetErrorString(dwError, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "MimeGetErrorStringW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringW(uint dwError, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        LibraryExports.GetErrorString(dwError, TextBuffer.Wide(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "MimeGetErrorString", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringPlain(uint dwError, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        LibraryExports.GetErrorString(dwError, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    /// <summary>
    /// Composes a new text/plain message with Date, Message-Id and MIME-Version headers. Header text
    /// that is not ASCII is written as RFC 2047 encoded-words. The handle belongs to the calling thread;
    /// free it with MimeDeleteMessage.
    /// </summary>
    /// <param name="lpszFrom">From: one address or a list ("Name &lt;a@b&gt;"); may be NULL.</param>
    /// <param name="lpszTo">To: address list separated by commas; may be NULL.</param>
    /// <param name="lpszCc">Cc: address list; may be NULL.</param>
    /// <param name="lpszSubject">Subject; may be NULL. Control characters are refused.</param>
    /// <param name="lpszText">The body text; NULL = empty. Line ends become CRLF.</param>
    /// <param name="lpszExtraHeaders">More headers, "Name: value" lines separated by CRLF or LF (folded lines allowed); may be NULL.</param>
    /// <param name="nCharSet">MIME_CHARSET_*.</param>
    /// <param name="nEncoding">MIME_ENCODING_* for the body.</param>
    /// <returns>A message handle, or INVALID_MESSAGE: ST_ERROR_INVALID_ADDRESS (an address list does not parse),
    /// ST_ERROR_INVALID_PARAMETER (control characters, a malformed header line, an unknown constant, text outside the charset).</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeComposeMessageA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ComposeMessageA(byte* lpszFrom, byte* lpszTo, byte* lpszCc, byte* lpszSubject, byte* lpszText,
        byte* lpszExtraHeaders, uint nCharSet, uint nEncoding) =>
        ComposeMessage(TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszTo), TextArg.Ansi(lpszCc), TextArg.Ansi(lpszSubject),
            TextArg.Ansi(lpszText), TextArg.Ansi(lpszExtraHeaders), nCharSet, nEncoding);

    [UnmanagedCallersOnly(EntryPoint = "MimeComposeMessageW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ComposeMessageW(char* lpszFrom, char* lpszTo, char* lpszCc, char* lpszSubject, char* lpszText,
        char* lpszExtraHeaders, uint nCharSet, uint nEncoding) =>
        ComposeMessage(TextArg.Wide(lpszFrom), TextArg.Wide(lpszTo), TextArg.Wide(lpszCc), TextArg.Wide(lpszSubject),
            TextArg.Wide(lpszText), TextArg.Wide(lpszExtraHeaders), nCharSet, nEncoding);

    [UnmanagedCallersOnly(EntryPoint = "MimeComposeMessage", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ComposeMessagePlain(byte* lpszFrom, byte* lpszTo, byte* lpszCc, byte* lpszSubject, byte* lpszText,
        byte* lpszExtraHeaders, uint nCharSet, uint nEncoding) =>
        ComposeMessage(TextArg.Ansi(lpszFrom), TextArg.Ansi(lpszTo), TextArg.Ansi(lpszCc), TextArg.Ansi(lpszSubject),
            TextArg.Ansi(lpszText), TextArg.Ansi(lpszExtraHeaders), nCharSet, nEncoding);

    private static nint ComposeMessage(TextArg from, TextArg to, TextArg cc, TextArg subject, TextArg text, TextArg headers,
        uint charset, uint encoding)
    {
        try
        {
            Library.Enter();
            var message = MimeDocument.Compose(from.Value, to.Value, cc.Value, subject.Value, text.Value, headers.Value,
                (MimeCharset)charset, (MimeEncoding)encoding);
            return AddOrDispose(message);
        }
        catch (Exception e) { return ExportGuard.Fail(e, (nint)0); }
    }

    /// <summary>
    /// Parses a whole message (headers and body) into a new handle. The parser bounds nesting
    /// (multipart depth 64, address groups 3), so hostile input fails or parses deterministically.
    /// </summary>
    /// <param name="dwImportFrom">MIME_EXPORT_MEMORY (lpvSource = the bytes, dwSize their count; 0 = NUL-terminated text: bytes for the A function, UTF-16 text for the W function) or
    /// MIME_EXPORT_FILE (lpvSource = a path of this function's character type).</param>
    /// <param name="dwOptions">MIME_OPTION_DEFAULT.</param>
    /// <param name="lpvSource">The bytes or the path.</param>
    /// <param name="dwSize">Bytes at lpvSource (memory only).</param>
    /// <returns>A message handle, or INVALID_MESSAGE: ST_ERROR_INVALID_MESSAGE (not a message), ST_ERROR_FILE_NOT_FOUND.</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeImportMessageA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ImportMessageA(uint dwImportFrom, uint dwOptions, [CType("LPCVOID")] void* lpvSource, uint dwSize) =>
        ImportMessage(dwImportFrom, dwOptions, lpvSource, dwSize, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "MimeImportMessageW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ImportMessageW(uint dwImportFrom, uint dwOptions, [CType("LPCVOID")] void* lpvSource, uint dwSize) =>
        ImportMessage(dwImportFrom, dwOptions, lpvSource, dwSize, wide: true);

    [UnmanagedCallersOnly(EntryPoint = "MimeImportMessage", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("HMESSAGE")]
    public static nint ImportMessagePlain(uint dwImportFrom, uint dwOptions, [CType("LPCVOID")] void* lpvSource, uint dwSize) =>
        ImportMessage(dwImportFrom, dwOptions, lpvSource, dwSize, wide: false);

    private static nint ImportMessage(uint from, uint options, void* source, uint size, bool wide)
    {
        try
        {
            Library.Enter();
            RequireDefault(options);
            using var stream = MessageArg.DecodeMime(source, size, from, wide).OpenRead();
            return AddOrDispose(MimeDocument.Load(stream));
        }
        catch (Exception e) { return ExportGuard.Fail(e, (nint)0); }
    }

    /// <summary>
    /// Attaches a file (read now, so the file may change or go afterwards). The message becomes
    /// multipart/mixed if it was not; the content type comes from the file name's extension.
    /// </summary>
    /// <param name="hMessage">The message.</param>
    /// <param name="lpszFileName">The file's path; its name (without folders) becomes the attachment's file name.</param>
    /// <param name="dwOptions">MIME_ATTACH_DEFAULT, MIME_ATTACH_BASE64 or MIME_ATTACH_QUOTED_PRINTABLE.</param>
    /// <returns>TRUE, or FALSE: ST_ERROR_FILE_NOT_FOUND, ST_ERROR_INVALID_HANDLE, ST_ERROR_INVALID_PARAMETER.</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeAttachFileA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int AttachFileA(nint hMessage, byte* lpszFileName, uint dwOptions) => AttachFile(hMessage, TextArg.Ansi(lpszFileName), dwOptions);

    [UnmanagedCallersOnly(EntryPoint = "MimeAttachFileW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int AttachFileW(nint hMessage, char* lpszFileName, uint dwOptions) => AttachFile(hMessage, TextArg.Wide(lpszFileName), dwOptions);

    [UnmanagedCallersOnly(EntryPoint = "MimeAttachFile", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int AttachFilePlain(nint hMessage, byte* lpszFileName, uint dwOptions) => AttachFile(hMessage, TextArg.Ansi(lpszFileName), dwOptions);

    private static int AttachFile(nint hMessage, TextArg path, uint options)
    {
        try
        {
            using var message = Messages.Enter(hMessage);
            MimeDocument.AttachFile(message.Message, path.Required("lpszFileName"), (MimeAttach)options);
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// Frees a message handle. The handle is invalid afterwards (a second call gives
    /// ST_ERROR_INVALID_HANDLE, no crash). Only the owner thread may delete it.
    /// </summary>
    /// <returns>TRUE, or FALSE with ST_ERROR_INVALID_HANDLE.</returns>
    [UnmanagedCallersOnly(EntryPoint = "MimeDeleteMessage", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int DeleteMessage(nint hMessage)
    {
        try
        {
            using var message = Messages.Enter(hMessage);
            Messages.Remove(hMessage, message.State);
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    internal static void RequireDefault(uint options)
    {
        if (options != (uint)MimeOption.Default)
            throw new SmtpException(SmtpError.InvalidParameter, "dwOptions must be MIME_OPTION_DEFAULT");
    }

    private static nint AddOrDispose(MimeKit.MimeMessage message)
    {
        try
        {
            return Messages.Add(message);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }
}
