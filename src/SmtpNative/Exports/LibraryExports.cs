using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmtpNative.Core;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>Library lifetime, version and errors.</summary>
public static unsafe class LibraryExports
{
    /// <summary>
    /// Initializes the library for this process. Must be called before any other function except
    /// SmtpGetVersion, SmtpGetLastError, SmtpSetLastError and SmtpGetErrorString. Reference counted:
    /// each successful call needs one SmtpUninitialize.
    /// </summary>
    /// <param name="lpszLicenseKey">Accepted for source compatibility and ignored; may be NULL. There is no licensing.</param>
    /// <param name="lpReserved">Reserved; pass NULL.</param>
    /// <returns>TRUE; FALSE only if the key is not valid text (ST_ERROR_INVALID_PARAMETER).</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpInitializeA", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeA(byte* lpszLicenseKey, void* lpReserved) => Initialize(TextArg.Ansi(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "SmtpInitializeW", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializeW(char* lpszLicenseKey, void* lpReserved) => Initialize(TextArg.Wide(lpszLicenseKey));

    [UnmanagedCallersOnly(EntryPoint = "SmtpInitialize", CallConvs = [typeof(CallConvStdcall)])]
    [return: CType("BOOL")]
    public static int InitializePlain(byte* lpszLicenseKey, void* lpReserved) => Initialize(TextArg.Ansi(lpszLicenseKey));

    internal static int Initialize(TextArg key)
    {
        try
        {
            LastError.Code = 0;
            _ = key.Value;
            Library.Initialize();
            return 1;
        }
        catch (Exception e) { return ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// Releases one SmtpInitialize reference. The last one disconnects and frees every client handle
    /// the process still holds (without QUIT). Calling it more often than SmtpInitialize is harmless.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpUninitialize", CallConvs = [typeof(CallConvStdcall)])]
    public static void Uninitialize() => UninitializeCore();

    internal static void UninitializeCore()
    {
        try
        {
            LastError.Code = 0;
            Library.Uninitialize();
        }
        catch (Exception e) { ExportGuard.Fail(e, 0); }
    }

    /// <summary>
    /// The version of the library: major &lt;&lt; 16 | minor &lt;&lt; 8 | patch. Compare with
    /// SMTPNATIVE_VERSION_NUM to check that the header and the library match. Needs no initialization.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetVersion", CallConvs = [typeof(CallConvStdcall)])]
    public static uint GetVersion() => Library.Version;

    /// <summary>
    /// The error code of the last function called on this thread (0 after a success). Each thread has
    /// its own. Needs no initialization.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetLastError", CallConvs = [typeof(CallConvStdcall)])]
    public static uint GetLastError() => LastError.Code;

    /// <summary>Sets this thread's last error code (for callers that report their own errors the same way).</summary>
    [UnmanagedCallersOnly(EntryPoint = "SmtpSetLastError", CallConvs = [typeof(CallConvStdcall)])]
    public static void SetLastError(uint dwError) => LastError.Code = dwError;

    /// <summary>
    /// A description of an error code (ST_ERROR_*), in English, never containing credentials.
    /// Follows the output-buffer rule. Needs no initialization; does not change the last error on success.
    /// </summary>
    /// <param name="dwError">An error code, usually from SmtpGetLastError.</param>
    /// <param name="lpszBuffer">Receives the text; NULL to ask for its length.</param>
    /// <param name="nMaxLength">Size of lpszBuffer in characters, terminator included.</param>
    /// <returns>Characters copied (without terminator), or the length needed; SMTP_ERROR when the buffer is too small.</returns>
    [UnmanagedCallersOnly(EntryPoint = "SmtpGetErrorStringA", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringA(uint dwError, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetErrorString(dwError, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetErrorStringW", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringW(uint dwError, [CType("LPTSTR")] char* lpszBuffer, int nMaxLength) =>
        GetErrorString(dwError, TextBuffer.Wide(lpszBuffer, nMaxLength));

    [UnmanagedCallersOnly(EntryPoint = "SmtpGetErrorString", CallConvs = [typeof(CallConvStdcall)])]
    public static int GetErrorStringPlain(uint dwError, [CType("LPTSTR")] byte* lpszBuffer, int nMaxLength) =>
        GetErrorString(dwError, TextBuffer.Ansi(lpszBuffer, nMaxLength));

    internal static int GetErrorString(uint code, TextBuffer buffer)
    {
        try
        {
            return buffer.Put(SmtpErrorText.For((SmtpError)code));
        }
        catch (Exception e) { return ExportGuard.Fail(e, ExportGuard.Error); }
    }
}
