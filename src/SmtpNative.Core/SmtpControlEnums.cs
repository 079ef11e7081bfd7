namespace SmtpNative.Core;

/// <summary>What a client handle is doing (<c>SmtpGetStatus</c>, <c>SMTP_STATUS_*</c>).</summary>
public enum SmtpStatus : uint
{
    /// <summary>Not connected (the server closed the connection, a timeout, a cancel).</summary>
    Disconnected = 0,
    /// <summary>Connected, no call in progress.</summary>
    Idle = 1,
    /// <summary>Connecting: resolving, TCP, greeting, EHLO.</summary>
    Connecting = 2,
    /// <summary>Sending a command and waiting for its reply.</summary>
    Command = 3,
    /// <summary>Sending message content (DATA or BDAT).</summary>
    Sending = 4,
    /// <summary>Sending QUIT and closing.</summary>
    Closing = 5,
}

/// <summary>Events a callback registered with <c>SmtpRegisterEvent</c> receives (<c>SMTP_EVENT_*</c>).</summary>
public enum SmtpEvent : uint
{
    /// <summary>The handle is connected (delivered when the callback is registered: SmtpConnect has returned by then).</summary>
    Connect = 1,
    /// <summary>The connection was closed (QUIT, server drop, timeout, cancel).</summary>
    Disconnect = 2,
    /// <summary>Bytes arrived from the server.</summary>
    Read = 3,
    /// <summary>Bytes were sent to the server (one event per network write).</summary>
    Write = 4,
    /// <summary>A network wait timed out (dwError is ST_ERROR_TIMEOUT).</summary>
    Timeout = 5,
    /// <summary>The call was canceled by SmtpCancel (dwError is ST_ERROR_OPERATION_CANCELED).</summary>
    Cancel = 6,
    /// <summary>The server answered a command (SmtpGetResultCode gives the reply).</summary>
    Command = 7,
    /// <summary>Message content is being sent: at least every 64 KiB and once at the end (SmtpGetTransferStatus).</summary>
    Progress = 8,
}

/// <summary>Options of <c>SmtpEnableTrace</c> (<c>SMTP_TRACE_*</c>), combined with OR.</summary>
[Flags]
public enum SmtpTraceFlags : uint
{
    /// <summary>Commands and replies; message content as a byte count; AUTH payloads redacted.</summary>
    Default = 0,
    /// <summary>Append to the trace file instead of replacing it.</summary>
    Append = 0x1,
    /// <summary>Start each line with the UTC time (ISO 8601, milliseconds).</summary>
    Timestamp = 0x2,
    /// <summary>Mark each network write with a "C: --- write N bytes" line (shows what pipelining put in one write).</summary>
    Writes = 0x4,
}

/// <summary>DSN notifications (<c>SmtpSetDeliveryOptions</c>, <c>SMTP_NOTIFY_*</c>; RCPT TO NOTIFY=, RFC 3461).</summary>
[Flags]
public enum SmtpNotify : uint
{
    /// <summary>Report successful delivery.</summary>
    Success = 0x1,
    /// <summary>Report failed delivery.</summary>
    Failure = 0x2,
    /// <summary>Report delayed delivery.</summary>
    Delay = 0x4,
    /// <summary>Never report (excludes the other SMTP_NOTIFY_* flags).</summary>
    Never = 0x8,
}

/// <summary>What a DSN returns of the message (<c>SmtpSetDeliveryOptions</c>, <c>SMTP_RETURN_*</c>; MAIL FROM RET=).</summary>
[Flags]
public enum SmtpReturn : uint
{
    /// <summary>Only the headers.</summary>
    Headers = 0x10,
    /// <summary>The whole message.</summary>
    Message = 0x20,
}
