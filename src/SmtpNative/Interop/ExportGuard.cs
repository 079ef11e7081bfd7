using System.Net.Sockets;
using System.Security.Authentication;
using SmtpNative.Core;
using SmtpNative.Core.Transport;

namespace SmtpNative.Interop;

/// <summary>
/// The one place where a failure becomes a return value. Every export is
/// <c>try { Library.Enter() or Clients.Enter(h); ... } catch (Exception e) { return ExportGuard.Fail(e, failValue); }</c>:
/// nothing, not even an unexpected exception, crosses into the caller.
/// </summary>
internal static class ExportGuard
{
    /// <summary>SMTP_ERROR, the failure value of INT functions.</summary>
    public const int Error = -1;

    public static T Fail<T>(Exception e, T failValue)
    {
        LastError.Code = (uint)ToError(e);
        return failValue;
    }

    /// <summary>The error table: every exception type the engine or the runtime can raise, to a code.</summary>
    public static SmtpError ToError(Exception e) => e switch
    {
        SmtpException s => s.Code,
        OutOfMemoryException or InsufficientExecutionStackException => SmtpError.NotEnoughMemory,
        OperationCanceledException => SmtpError.OperationCanceled,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => SmtpError.FileNotFound,
        SocketException se => SocketErrors.ToSmtpError(se.SocketErrorCode),
        AuthenticationException => SmtpError.TlsHandshakeFailed,
        IOException io when io.InnerException is SocketException se => SocketErrors.ToSmtpError(se.SocketErrorCode),
        IOException => SmtpError.ConnectionClosed,
        ArgumentException or FormatException or OverflowException => SmtpError.InvalidParameter,
        ObjectDisposedException => SmtpError.NotConnected,
        _ => SmtpError.InternalError,
    };
}
