using System.Buffers;
using System.Collections.Concurrent;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmtpNative.Tests.Servers;

/// <summary>
/// The SmtpServer NuGet package (an independent implementation) running in-process on a free
/// loopback port. Recipients whose local part starts with "reject" are refused by its mailbox filter.
/// With a certificate it offers STARTTLS (or, implicitTls, speaks TLS from the first byte); with users
/// it offers AUTH PLAIN and LOGIN and checks every login against them.
/// </summary>
public sealed class InProcessServer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    public int Port { get; }
    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    /// <summary>Every login attempt: user name and whether it was accepted.</summary>
    public ConcurrentQueue<(string User, bool Accepted)> Logins { get; } = new();

    public InProcessServer(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null, bool implicitTls = false,
        IReadOnlyDictionary<string, string>? users = null)
    {
        Port = FreePort.Get();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("inprocess.test")
            .Endpoint(b =>
            {
                b.Port(Port).Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port)).AllowUnsecureAuthentication(true);
                if (certificate is not null) b.Certificate(certificate).IsSecure(implicitTls);
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(Messages));
        services.Add(new Filter());
        if (users is not null)
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, password) =>
            {
                bool ok = users.TryGetValue(user, out var expected) && expected == password;
                Logins.Enqueue((user, ok));
                return ok;
            }));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
        // StartAsync listens before its first await; wait until a connection is accepted.
        WaitUntilListening();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private sealed class Store(ConcurrentQueue<ReceivedMessage> messages) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            messages.Enqueue(new ReceivedMessage(
                transaction.From.AsAddress(),
                transaction.To.Select(t => t.AsAddress()).ToList(),
                transaction.Parameters.Select(p => $"{p.Key}={p.Value}").ToList(),
                // SmtpServer hands over the data without the CRLF that starts the end-of-data mark
                // ("\r\n.\r\n"); put it back so both real servers report the same bytes.
                [.. buffer.ToArray(), (byte)'\r', (byte)'\n']));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith("reject", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _running.Wait(5000); } catch (AggregateException) { }
    }
}
