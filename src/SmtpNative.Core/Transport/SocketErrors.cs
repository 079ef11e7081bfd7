using System.Net.Sockets;

namespace SmtpNative.Core.Transport;

/// <summary>Maps the socket layer's errors onto the library's codes (one table for every caller).</summary>
public static class SocketErrors
{
    public static SmtpError ToSmtpError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => SmtpError.ConnectionRefused,
        SocketError.TimedOut or SocketError.WouldBlock => SmtpError.Timeout,
        SocketError.HostUnreachable => SmtpError.HostUnreachable,
        SocketError.NetworkUnreachable or SocketError.NetworkDown => SmtpError.NetworkUnreachable,
        SocketError.HostNotFound or SocketError.NoData => SmtpError.HostNotFound,
        SocketError.TryAgain => SmtpError.DnsTemporaryFailure,
        SocketError.NotConnected => SmtpError.NotConnected,
        SocketError.OperationAborted or SocketError.Interrupted => SmtpError.OperationCanceled,
        _ => SmtpError.ConnectionClosed,
    };
}
