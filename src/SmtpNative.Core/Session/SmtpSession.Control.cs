using System.Diagnostics;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>Status, events, transfer progress and the wire observer (traces) of a session.</summary>
public sealed partial class SmtpSession : IWireObserver
{
    /// <summary>Content bytes between two PROGRESS events, at most.</summary>
    public const int ProgressInterval = 64 * 1024;

    private volatile SmtpStatus _status = SmtpStatus.Connecting;
    private long _transferTotal, _transferCopied, _transferReported, _transferStart, _transferEnd;

    /// <summary>Who gets this session's events; null = nobody (no cost).</summary>
    public ISessionEvents? Events { get; set; }

    /// <summary>The number that identifies this session in traces (the C boundary sets its handle).</summary>
    public long TraceId { get; set; }

    /// <summary>What the session is doing; readable from any thread.</summary>
    public SmtpStatus Status => _connection is null ? SmtpStatus.Disconnected : _status;

    /// <summary>True when a read would not wait (a reply is buffered or has arrived).</summary>
    public bool IsReadable => _connection?.IsReadable ?? false;

    /// <summary>True when a write would not wait.</summary>
    public bool IsWritable => _connection?.IsWritable ?? false;

    /// <summary>Progress of the current (or last) message content.</summary>
    public TransferStatus Transfer
    {
        get
        {
            long start = Volatile.Read(ref _transferStart);
            if (start == 0) return default;
            long end = Volatile.Read(ref _transferEnd);
            var elapsed = Stopwatch.GetElapsedTime(start, end != 0 ? end : Stopwatch.GetTimestamp());
            long copied = Volatile.Read(ref _transferCopied);
            long total = Volatile.Read(ref _transferTotal);
            long rate = elapsed.TotalSeconds > 0.001 ? (long)(copied / elapsed.TotalSeconds) : copied;
            long estimated = total > copied && rate > 0 ? (total - copied) / rate : 0;
            return new TransferStatus(total, copied, rate, (long)elapsed.TotalSeconds, estimated);
        }
    }

    private void BeginTransfer(long total)
    {
        _transferTotal = total;
        _transferCopied = _transferReported = _transferEnd = 0;
        Volatile.Write(ref _transferStart, Stopwatch.GetTimestamp());
    }

    private void CountContent(int bytes)
    {
        _transferCopied += bytes;
        if (Events is not null && _transferCopied - _transferReported >= ProgressInterval)
        {
            _transferReported = _transferCopied;
            Events.Raise(SmtpEvent.Progress, SmtpError.Success);
        }
    }

    private void EndTransfer()
    {
        Volatile.Write(ref _transferEnd, Stopwatch.GetTimestamp());
        _transferReported = _transferCopied;
        Events?.Raise(SmtpEvent.Progress, SmtpError.Success);
    }

    private void Raise(SmtpEvent e, SmtpError error = SmtpError.Success) => Events?.Raise(e, error);

    bool IWireObserver.WantsSegments => ProtocolTrace.IsOn;

    void IWireObserver.Sent(ReadOnlySpan<byte> data, ReadOnlySpan<WireSegment> segments)
    {
        if (ProtocolTrace.IsOn) ProtocolTrace.Sent(TraceId, data, segments);
        Raise(SmtpEvent.Write);
    }

    void IWireObserver.Received(int count) => Raise(SmtpEvent.Read);

    /// <summary>
    /// Sends a command whose text must never appear in a trace (AUTH with an initial response, SASL
    /// continuation lines) and reads its reply: the trace shows "AUTH MECH ****" or "****".
    /// </summary>
    public int SecretCommand(string line)
    {
        var c = Live;
        c.Mode = WireMode.Secret;
        try
        {
            return Command(line);
        }
        finally
        {
            c.Mode = WireMode.Command;
        }
    }

    /// <summary>Sets the status for the length of one operation: <c>using var _ = Enter(SmtpStatus.Command);</c></summary>
    private StatusScope Enter(SmtpStatus status)
    {
        _status = status;
        return new StatusScope(this);
    }

    private readonly ref struct StatusScope(SmtpSession session)
    {
        public void Dispose() => session._status = SmtpStatus.Idle;
    }

    /// <summary>True for a failure after which the connection is in an unknown state and must go.</summary>
    private static bool IsBroken(Exception e) => e switch
    {
        SmtpException s => BreaksConnection(s.Code),
        IOException or ObjectDisposedException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>Closes after a broken connection, tells the events, and gives the exception to throw.</summary>
    private SmtpException Broken(Exception e)
    {
        var error = e as SmtpException ?? _connection?.Translate(e) ?? new SmtpException(SmtpError.NotConnected);
        if (_cancel.IsCancellationRequested && error.Code != SmtpError.OperationCanceled)
            error = new SmtpException(SmtpError.OperationCanceled);
        Close();
        if (error.Code == SmtpError.Timeout) Raise(SmtpEvent.Timeout, error.Code);
        else if (error.Code == SmtpError.OperationCanceled) Raise(SmtpEvent.Cancel, error.Code);
        return error;
    }
}
