using System.Net;
using System.Net.Sockets;

namespace SmtpNative.Tests.Servers;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int Get(IPAddress? address = null)
    {
        var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
