using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SmtpNative.Core.Transport;

/// <summary>
/// One TCP connection with a pooled read buffer and a pooled write buffer. Blocking, with a
/// timeout on every network wait; <see cref="Abort"/> may be called from any thread and makes the
/// blocked call fail at once (the socket is closed under it).
/// </summary>
public sealed class SmtpConnection : IByteSink, IDisposable
{
    private const int ReadBufferSize = 16 * 1024;
    private const int WriteBufferSize = 64 * 1024;
    private const int DeadlineSlackMs = 250;

    private readonly Socket _socket;
    private Stream _stream;
    private byte[] _read = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
    private byte[] _write = ArrayPool<byte>.Shared.Rent(WriteBufferSize);
    private int _readStart, _readEnd, _writeLength;
    private volatile bool _aborted;
    private int _timeoutMs;
    private int _receiveTimeoutMs;   // what the socket is set to now (avoids a setsockopt per read)
    private long _deadline;          // Environment.TickCount64 by which the current reply must be complete; 0 = none
    private WireMode _mode;
    private int _modeStart;
    private WireSegment[] _segments = new WireSegment[8];
    private int _segmentCount;

    private SmtpConnection(Socket socket, int timeoutMs)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        TimeoutMs = timeoutMs;
    }

    /// <summary>The remote end point (for traces and security information).</summary>
    public EndPoint? RemoteEndPoint { get; private set; }

    /// <summary>True when the peer is on a loopback address.</summary>
    public bool IsLoopback => RemoteEndPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address);

    /// <summary>Set by <see cref="Abort"/>; lets the caller tell a cancel from a network failure.</summary>
    public bool Aborted => _aborted;

    /// <summary>Timeout of each network wait, in milliseconds.</summary>
    public int TimeoutMs
    {
        get => _timeoutMs;
        set
        {
            _timeoutMs = value;
            _receiveTimeoutMs = value;
            _socket.ReceiveTimeout = value;
            _socket.SendTimeout = value;
        }
    }

    /// <summary>Told about every write and read (traces, events, statistics); null when nobody listens.</summary>
    public IWireObserver? Observer { get; set; }

    /// <summary>
    /// How the bytes written from now on are shown in a trace. The TLS/AUTH code sets
    /// <see cref="WireMode.Secret"/> around credentials, the content writers <see cref="WireMode.Content"/>.
    /// </summary>
    public WireMode Mode
    {
        get => _mode;
        set
        {
            if (value == _mode) return;
            if (Observer is { WantsSegments: true })
                CloseSegment();
            _mode = value;
            _modeStart = _writeLength;
        }
    }

    private void CloseSegment()
    {
        if (_writeLength == _modeStart) return;
        if (_segmentCount == _segments.Length)
            Array.Resize(ref _segments, _segments.Length * 2);
        _segments[_segmentCount++] = new WireSegment(_modeStart, _writeLength - _modeStart, _mode);
        _modeStart = _writeLength;
    }

    /// <summary>The stream under the buffers (a NetworkStream, or an SslStream after a TLS upgrade).</summary>
    public Stream Stream => _stream;

    /// <summary>True while bytes received but not yet consumed sit in the read buffer.</summary>
    public bool HasBufferedInput => _readEnd > _readStart;

    /// <summary>
    /// Resolves <paramref name="host"/> (name, IPv4 or IPv6 literal, brackets allowed) and connects to
    /// the first address that answers within the timeout.
    /// </summary>
    public static SmtpConnection Open(string host, int port, int timeoutMs, CancellationToken cancel, IPAddress[]? resolved = null)
    {
        string name = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        IPAddress[] addresses;
        if (resolved is { Length: > 0 })
        {
            addresses = resolved;   // already looked up by the caller (direct delivery asks its own name servers)
        }
        else if (IPAddress.TryParse(name, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                var lookup = Dns.GetHostAddressesAsync(name, cancel);
                if (!lookup.Wait(timeoutMs, cancel))
                    throw new SmtpException(SmtpError.Timeout, $"Resolving {name} timed out");
                addresses = lookup.Result;
            }
            catch (AggregateException e) when (e.InnerException is SocketException se)
            {
                throw new SmtpException(se.SocketErrorCode == SocketError.TryAgain ? SmtpError.DnsTemporaryFailure : SmtpError.HostNotFound,
                    $"Cannot resolve host name {name}");
            }
            if (addresses.Length == 0)
                throw new SmtpException(SmtpError.HostNotFound, $"Host name {name} has no address");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                ConnectBlocking(socket, new IPEndPoint(address, port), timeoutMs, cancel);
                // The address just connected to, not getpeername(): a server that resets at once would make
                // that fail with ENOTCONN, reported as "not connected" instead of "closed by the server".
                return new SmtpConnection(socket, timeoutMs) { RemoteEndPoint = new IPEndPoint(address, port) };
            }
            catch (Exception e) when (e is SocketException or SmtpException && !cancel.IsCancellationRequested)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last is SocketException failure
            ? new SmtpException(SocketErrors.ToSmtpError(failure.SocketErrorCode), $"Cannot connect to {host} port {port}: {failure.Message}")
            : last!;
    }

    /// <summary>
    /// A blocking connect, so the socket never enters .NET's asynchronous mode: after an async operation
    /// every blocking Send/Receive is emulated through the socket event thread (a thread hand-off and an
    /// allocation per wait), while a socket used only synchronously makes one system call per read or
    /// write, with timeouts by SO_RCVTIMEO/SO_SNDTIMEO. Linux applies SO_SNDTIMEO to connect() too
    /// (elsewhere the system's connect timeout applies); a cancel disposes the socket, which aborts the
    /// pending connect.
    /// </summary>
    private static void ConnectBlocking(Socket socket, IPEndPoint endPoint, int timeoutMs, CancellationToken cancel)
    {
        socket.SendTimeout = timeoutMs;
        using var abort = cancel.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            socket.Connect(endPoint);
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.InProgress or SocketError.WouldBlock or SocketError.TimedOut)
        {
            throw new SmtpException(SmtpError.Timeout, $"Connecting to {endPoint.Address} port {endPoint.Port} timed out");
        }
    }

    /// <summary>Replaces the stream (TLS upgrade). Bytes already buffered are the caller's to judge.</summary>
    public void ReplaceStream(Stream stream)
    {
        _stream = stream;
        _readStart = _readEnd = 0;
    }

    /// <summary>Discards whatever was received but not consumed.</summary>
    public void DiscardInput() => _readStart = _readEnd = 0;

    /// <summary>
    /// The unread bytes, reading more from the network when none are buffered. Never empty:
    /// a closed connection throws.
    /// </summary>
    public ReadOnlySpan<byte> Peek()
    {
        if (_readEnd == _readStart)
            Fill();
        return _read.AsSpan(_readStart, _readEnd - _readStart);
    }

    /// <summary>
    /// Starts the time budget of one reply: all of it must arrive within the timeout, however slowly
    /// its bytes trickle in (a server sending one byte per second would otherwise hold a call for hours).
    /// </summary>
    public void StartDeadline() => _deadline = Environment.TickCount64 + _timeoutMs;

    /// <summary>Ends the budget started by <see cref="StartDeadline"/>.</summary>
    public void EndDeadline() => _deadline = 0;

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="Peek"/> as consumed.</summary>
    public void Consume(int count) => _readStart += count;

    private void Fill()
    {
        _readStart = _readEnd = 0;
        int wait = _timeoutMs;
        if (_deadline != 0)
        {
            long left = _deadline - Environment.TickCount64;
            if (left <= 0)
                throw new SmtpException(SmtpError.Timeout, "The server's reply did not arrive completely within the timeout");
            // A reply that is still young keeps the full timeout: no setsockopt per read on the fast
            // path, at the price of overshooting the deadline by at most DeadlineSlackMs.
            if (left < _timeoutMs - DeadlineSlackMs)
                wait = (int)left;
        }
        if (wait != _receiveTimeoutMs)
        {
            _socket.ReceiveTimeout = wait;
            _receiveTimeoutMs = wait;
        }
        int n;
        try
        {
            n = _stream.Read(_read, 0, _read.Length);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw Translate(e);
        }
        if (n == 0)
            throw new SmtpException(_aborted ? SmtpError.OperationCanceled : SmtpError.ConnectionClosed);
        _readEnd = n;
        Observer?.Received(n);
    }

    /// <summary>
    /// Appends bytes to the write buffer, sending whenever it fills. A piece at least as large as the
    /// buffer is sent straight from the caller's memory after what is pending: no copy.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length >= _write.Length)
        {
            Flush();
            Send(data);
            if (Observer is { } observer)
            {
                var segment = new WireSegment(0, data.Length, _mode);
                observer.Sent(data, observer.WantsSegments ? new ReadOnlySpan<WireSegment>(in segment) : default);
            }
            return;
        }
        while (data.Length > 0)
        {
            int room = _write.Length - _writeLength;
            if (room == 0)
            {
                Flush();
                room = _write.Length;
            }
            int n = Math.Min(room, data.Length);
            data[..n].CopyTo(_write.AsSpan(_writeLength));
            _writeLength += n;
            data = data[n..];
        }
    }

    /// <summary>Writes one byte (the hot path of dot-stuffing).</summary>
    public void WriteByte(byte b)
    {
        if (_writeLength == _write.Length)
            Flush();
        _write[_writeLength++] = b;
    }

    /// <summary>A span of at least <paramref name="size"/> free bytes in the write buffer; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetWriteSpan(int size)
    {
        if (_write.Length - _writeLength < size)
        {
            Flush();
            if (_write.Length < size)
                throw new SmtpException(SmtpError.InvalidParameter, "Command too long");
        }
        return _write.AsSpan(_writeLength);
    }

    public void Advance(int count) => _writeLength += count;

    /// <summary>Bytes waiting in the write buffer.</summary>
    public int PendingWrite => _writeLength;

    /// <summary>The bytes waiting in the write buffer (for traces).</summary>
    public ReadOnlySpan<byte> PendingBytes => _write.AsSpan(0, _writeLength);

    /// <summary>Sends everything in the write buffer.</summary>
    public void Flush()
    {
        if (_writeLength == 0)
            return;
        try
        {
            Send(_write.AsSpan(0, _writeLength));
        }
        catch (SmtpException)
        {
            _writeLength = _modeStart = _segmentCount = 0;
            throw;
        }
        if (Observer is { } observer)
        {
            if (observer.WantsSegments)
                CloseSegment();
            observer.Sent(_write.AsSpan(0, _writeLength), _segments.AsSpan(0, _segmentCount));
        }
        _writeLength = _modeStart = _segmentCount = 0;
    }

    /// <summary>True when a read would not wait: bytes are buffered, or the socket has data (or end of stream).</summary>
    public bool IsReadable
    {
        get
        {
            if (_aborted) return false;
            try { return HasBufferedInput || _socket.Poll(0, SelectMode.SelectRead); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
        }
    }

    /// <summary>True when a write would not wait.</summary>
    public bool IsWritable
    {
        get
        {
            if (_aborted) return false;
            try { return _socket.Poll(0, SelectMode.SelectWrite); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
        }
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        try
        {
            _stream.Write(data);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw Translate(e);
        }
    }

    /// <summary>Closes the socket under any blocked call; safe from any thread, any number of times.</summary>
    public void Abort()
    {
        _aborted = true;
        try { _socket.Shutdown(SocketShutdown.Both); } catch { /* already gone */ }
        _socket.Close();
    }

    internal SmtpException Translate(Exception e)
    {
        if (_aborted)
            return new SmtpException(SmtpError.OperationCanceled);
        var se = e as SocketException ?? e.InnerException as SocketException;
        return se is null
            ? new SmtpException(SmtpError.ConnectionClosed, e.Message)
            : new SmtpException(SocketErrors.ToSmtpError(se.SocketErrorCode), se.Message);
    }

    public void Dispose()
    {
        _aborted = true;
        try { _stream.Dispose(); } catch { /* best effort */ }
        _socket.Dispose();
        var r = Interlocked.Exchange(ref _read, []);
        var w = Interlocked.Exchange(ref _write, []);
        if (r.Length > 0) ArrayPool<byte>.Shared.Return(r);
        if (w.Length > 0) ArrayPool<byte>.Shared.Return(w);
    }
}
