using System.Net;
using System.Net.Sockets;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// A loopback TCP relay between the client and a real server that records every byte each way, as an
/// eavesdropper on the path would see them. It changes nothing; tests use it to prove what did (or did
/// not) cross the wire in the clear.
/// </summary>
public sealed class WireTap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly MemoryStream _fromClient = new(), _fromServer = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private readonly TaskCompletionSource _clientClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WireTap(int serverPort)
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (true)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync(); } catch (Exception) { return; }
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, serverPort);
                lock (_sockets) _sockets.AddRange([client, server]);
                _ = Pump(client, server, _fromClient).ContinueWith(_ => _clientClosed.TrySetResult());
                _ = Pump(server, client, _fromServer);
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Everything the client sent so far.</summary>
    public byte[] FromClient { get { lock (_fromClient) return _fromClient.ToArray(); } }

    /// <summary>Everything the server sent so far.</summary>
    public byte[] FromServer { get { lock (_fromServer) return _fromServer.ToArray(); } }

    /// <summary>
    /// Everything the client sent over its (first) connection, once the client has closed it: a check of
    /// "nothing more was sent" must not run while bytes could still be on their way.
    /// </summary>
    public byte[] FromClientAfterClose()
    {
        if (!_clientClosed.Task.Wait(TimeSpan.FromSeconds(10)))
            throw new TimeoutException("the client did not close its connection");
        return FromClient;
    }

    private static async Task Pump(Socket from, Socket to, MemoryStream record)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer);
                if (n == 0) break;
                lock (record) record.Write(buffer, 0, n);
                await to.SendAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { to.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_sockets) foreach (var s in _sockets) s.Dispose();
        try { _accepting.Wait(2000); } catch (AggregateException) { }
    }
}
