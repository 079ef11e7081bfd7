using System.Net;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>
/// The state behind one HCLIENT: a connection that has been greeted and has said EHLO (or HELO),
/// the server's capabilities, the last reply, and the transactions sent over it.
/// Not thread-safe by design: the C boundary lets one thread in at a time; only
/// <see cref="Cancel"/> may come from another thread.
/// </summary>
public sealed partial class SmtpSession : IDisposable
{
    public const int DefaultPort = 25;
    public const int DefaultImplicitTlsPort = 465;
    public const int SubmissionPort = 587;
    public const int DefaultTimeoutSeconds = 20;

    private SmtpConnection? _connection;
    private readonly CancellationTokenSource _cancel = new();
    private readonly SmtpReply _scratch = new();

    private SmtpSession(string host, int port, SmtpOptions options, string localName, int timeoutSeconds)
    {
        Host = host;
        Port = port;
        Options = options;
        LocalName = localName;
        _timeoutSeconds = timeoutSeconds;
    }

    public string Host { get; }
    public int Port { get; }
    public SmtpOptions Options { get; }
    public string LocalName { get; }

    /// <summary>The last reply the server sent (code 0 before the greeting).</summary>
    public SmtpReply Reply { get; } = new();

    /// <summary>What the last EHLO advertised (after TLS: what was advertised after TLS).</summary>
    public Capabilities Capabilities { get; private set; } = Capabilities.None;

    public bool IsConnected => _connection is not null;

    private int _timeoutSeconds;

    /// <summary>Timeout of each network wait, in seconds (0 sets the default, 20).</summary>
    public int TimeoutSeconds
    {
        get => _timeoutSeconds;
        set
        {
            _timeoutSeconds = value <= 0 ? DefaultTimeoutSeconds : value;
            if (_connection is not null) _connection.TimeoutMs = ToMilliseconds(_timeoutSeconds);
        }
    }

    private static int ToMilliseconds(int seconds) => (int)Math.Min(int.MaxValue, seconds * 1000L);

    /// <summary>
    /// Connects, reads the greeting and says EHLO (HELO when the server refuses EHLO).
    /// <paramref name="port"/> 0 means 25 (465 with implicit TLS). <paramref name="addresses"/>: the host's
    /// addresses when the caller resolved it already (null = resolve with the system resolver).
    /// </summary>
    public static SmtpSession Connect(string host, int port, int timeoutSeconds, SmtpOptions options, string? localName,
        System.Security.Cryptography.X509Certificates.X509Certificate2Collection? clientCertificates = null,
        IPAddress[]? addresses = null)
    {
        if (string.IsNullOrWhiteSpace(host))
            throw new SmtpException(SmtpError.InvalidParameter, "The host name is empty");
        CommandWriter.RequireToken(host, "host name");
        if (port < 0 || port > 65535)
            throw new SmtpException(SmtpError.InvalidParameter, "The port must be 0 to 65535");
        if (port == 0)
            port = (options & SmtpOptions.SecureImplicit) != 0 ? DefaultImplicitTlsPort : DefaultPort;
        if (port == SubmissionPort)
            options |= SmtpOptions.Extended;
        string name = localName is null ? DefaultLocalName() : CommandWriter.RequireToken(localName, "local host name");

        var session = new SmtpSession(host, port, options, name, timeoutSeconds <= 0 ? DefaultTimeoutSeconds : timeoutSeconds)
        {
            _clientCertificates = clientCertificates,
        };
        try
        {
            session._connection = SmtpConnection.Open(host, port, ToMilliseconds(session._timeoutSeconds), session._cancel.Token, addresses);
            session._connection.Observer = session;
            if (ProtocolTrace.IsOn) ProtocolTrace.Note(0, $"connected to {session._connection.RemoteEndPoint}");
            session.Handshake();
            session._status = SmtpStatus.Idle;
            return session;
        }
        catch (OperationCanceledException)
        {
            session.Dispose();
            throw new SmtpException(SmtpError.OperationCanceled);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private void Handshake()
    {
        StartImplicitTls();
        ReadReply();
        if (Reply.Code != 220)
            throw Rejected(Reply.Code == 421 ? SmtpError.ServerUnavailable : SmtpError.CommandRejected, "The server refused the session");
        Hello();
        NegotiateStartTls();
    }

    /// <summary>EHLO, or HELO when EHLO is refused with 5xx.</summary>
    private void Hello()
    {
        Command("EHLO " + LocalName);
        if (Reply.Code == 250)
        {
            Capabilities = Capabilities.FromEhlo(Reply);
            return;
        }
        if (Reply.Code >= 500 && TlsRequired && !IsEncrypted)
            throw Rejected(SmtpError.TlsNotAvailable, "TLS is required but the server refused EHLO, so it offers no STARTTLS");
        if (Reply.Code >= 500)
        {
            Command("HELO " + LocalName);
            if (Reply.Code == 250)
            {
                Capabilities = Capabilities.Helo();
                return;
            }
        }
        throw Rejected(SmtpError.CommandRejected, "The server refused EHLO and HELO");
    }

    /// <summary>This machine's name for EHLO, or a loopback address literal when it is not a valid domain.</summary>
    private static string DefaultLocalName()
    {
        try
        {
            string name = Dns.GetHostName();
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                return name;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
        }
        return "[127.0.0.1]";
    }

    /// <summary>Sends one command and reads its reply into <see cref="Reply"/>.</summary>
    public int Command(string line)
    {
        var c = Live;
        try
        {
            CommandWriter.AppendLine(c, line);
            c.Flush();
            ReadReplyCore(Reply);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
        return Reply.Code;
    }

    private void ReadReply() => Guarded(() => ReadReplyCore(Reply));

    private void ReadReplyCore(SmtpReply into)
    {
        ReplyReader.Read(Live, into);
        if (ProtocolTrace.IsOn) ProtocolTrace.Received(TraceId, into);
        Raise(SmtpEvent.Command);
        if (into.Code == 421)
        {
            // RFC 5321 §3.8: the server is closing the channel; so do we.
            if (!ReferenceEquals(into, Reply)) CopyToReply(into);
            Close();
            throw new SmtpException(SmtpError.ServerUnavailable, "The server is shutting down the connection (421)");
        }
    }

    private void CopyToReply(SmtpReply from)
    {
        Reply.Reset();
        for (int i = 0; i < from.LineCount; i++)
            Reply.AddLine(from.Code, from.Line(i));
    }

    /// <summary>
    /// Runs network work; a failure that leaves the connection in an unknown state (timeout, reset,
    /// a reply we cannot parse, cancel) closes it, so the handle says "not connected" rather than
    /// talking out of step with the server.
    /// </summary>
    private void Guarded(Action work)
    {
        try
        {
            work();
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }

    private static bool BreaksConnection(SmtpError code) => code is SmtpError.ConnectionClosed or SmtpError.Timeout
        or SmtpError.OperationCanceled or SmtpError.ProtocolError or SmtpError.ReplyTooLarge or SmtpError.ServerUnavailable
        or SmtpError.NotConnected or SmtpError.HostUnreachable or SmtpError.NetworkUnreachable or SmtpError.TlsHandshakeFailed;

    private SmtpConnection Live => _connection ?? throw new SmtpException(_cancel.IsCancellationRequested ? SmtpError.OperationCanceled : SmtpError.NotConnected);

    private SmtpException Rejected(SmtpError code, string what) =>
        new(code, $"{what}: {Reply.Code} {Reply.Text}");

    /// <summary>Sends QUIT (best effort, short wait) and closes. Safe when the server already left.</summary>
    public void Quit()
    {
        var c = _connection;
        if (c is null) return;
        _status = SmtpStatus.Closing;
        try
        {
            c.TimeoutMs = Math.Min(c.TimeoutMs, 5000);
            CommandWriter.AppendLine(c, "QUIT");
            c.Flush();
            ReplyReader.Read(c, _scratch);
        }
        catch (Exception e) when (e is SmtpException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The server may have gone already; QUIT is a courtesy.
        }
        Close();
    }

    /// <summary>Makes the call blocked in this session fail at once; from any thread. The connection is closed.</summary>
    public void Cancel()
    {
        try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
        _connection?.Abort();
    }

    private void Close()
    {
        var c = Interlocked.Exchange(ref _connection, null);
        _tx = TransactionState.None;
        if (c is null) return;
        c.Dispose();
        if (ProtocolTrace.IsOn) ProtocolTrace.Note(TraceId, "connection closed");
        Raise(SmtpEvent.Disconnect);
    }

    public void Dispose()
    {
        Events = null;
        Close();
        _bdat?.Dispose();
        _cancel.Dispose();
    }
}
