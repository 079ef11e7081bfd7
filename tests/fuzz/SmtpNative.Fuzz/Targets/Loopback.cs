using System.Net;
using System.Net.Sockets;
using SmtpNative.Core.Transport;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// A real loopback TCP connection per input: the reply reader reads from an SmtpConnection exactly as
/// in production (partial reads, EOF), while the other end plays the input and closes.
/// </summary>
public sealed class Loopback : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public Loopback() => _listener.Start();

    public SmtpConnection Serve(byte[] input)
    {
        var client = SmtpConnection.Open("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, 5000, CancellationToken.None);
        var server = _listener.AcceptSocket();
        // The writer runs beside the reader: a large input would fill the socket buffers otherwise.
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                server.Send(input);
                server.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException) { /* the reader gave up early: fine */ }
            finally
            {
                server.Dispose();
            }
        }, null);
        return client;
    }

    public void Dispose() => _listener.Stop();
}
