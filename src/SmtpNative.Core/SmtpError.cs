namespace SmtpNative.Core;

/// <summary>
/// Every error code the library reports. HRESULT layout (0x80040000 | n) as the original API.
/// Values are published in the generated header and never change; new codes are appended.
/// Network codes carry the Winsock number in the low word, as the original's did.
/// </summary>
public enum SmtpError : uint
{
    Success = 0,

    FileNotFound = 0x80040002,
    InvalidHandle = 0x80040006,
    NotEnoughMemory = 0x80040008,
    NotSupported = 0x80040032,
    InvalidParameter = 0x80040057,
    BufferTooSmall = 0x8004007A,
    OperationCanceled = 0x800404C7,

    NotConnected = 0x80042749,
    Timeout = 0x8004274C,
    ConnectionRefused = 0x8004274D,
    NetworkUnreachable = 0x80042743,
    ConnectionClosed = 0x80042746,
    HostUnreachable = 0x80042751,
    NotInitialized = 0x8004276D,
    HostNotFound = 0x80042AF9,
    DnsTemporaryFailure = 0x80042AFA,

    InvalidAuthenticationType = 0x80042FC2,

    ProtocolError = 0x80043001,
    CommandRejected = 0x80043002,
    ServerUnavailable = 0x80043003,
    NotHandleOwner = 0x80043004,
    HandleBusy = 0x80043005,
    InvalidAddress = 0x80043006,
    RecipientRejected = 0x80043007,
    NoValidRecipients = 0x80043008,
    MessageTooLarge = 0x80043009,
    InvalidMessage = 0x8004300A,
    AuthenticationFailed = 0x8004300B,
    AuthenticationRequired = 0x8004300C,
    AuthenticationRequiresTls = 0x8004300D,
    TlsNotAvailable = 0x8004300E,
    TlsHandshakeFailed = 0x8004300F,
    CertificateInvalid = 0x80043010,
    NoMailExchange = 0x80043011,
    NullMailExchange = 0x80043012,
    ReplyTooLarge = 0x80043013,
    InvalidState = 0x80043014,
    Smtputf8Required = 0x80043015,
    InternalError = 0x80043016,
    InvalidMessageHandle = 0x80043017,
}

/// <summary>The text <c>SmtpGetErrorString</c> gives for each code (also the header's comment for it).</summary>
public static class SmtpErrorText
{
    public static string For(SmtpError code) => code switch
    {
        SmtpError.Success => "The operation completed successfully",
        SmtpError.FileNotFound => "The specified file could not be found or opened",
        SmtpError.InvalidHandle => "The handle is not valid: it is NULL, closed, stale or of another kind",
        SmtpError.NotEnoughMemory => "Not enough memory to complete the operation",
        SmtpError.NotSupported => "The operation or option is not supported on this platform or by this server",
        SmtpError.InvalidParameter => "A parameter is not valid (NULL where text is required, out of range, or not valid text in the expected encoding)",
        SmtpError.BufferTooSmall => "The buffer is too small for the result; it holds as much as fits, terminated",
        SmtpError.OperationCanceled => "The operation was canceled",
        SmtpError.NotConnected => "The client is not connected to a server",
        SmtpError.Timeout => "The server did not answer within the timeout",
        SmtpError.ConnectionRefused => "The server refused the connection",
        SmtpError.NetworkUnreachable => "The network is unreachable",
        SmtpError.ConnectionClosed => "The server closed or reset the connection",
        SmtpError.HostUnreachable => "The host is unreachable",
        SmtpError.NotInitialized => "The library has not been initialized: call SmtpInitialize first",
        SmtpError.HostNotFound => "The host name could not be resolved (no such domain)",
        SmtpError.DnsTemporaryFailure => "The name server failed or did not answer; try again later",
        SmtpError.InvalidAuthenticationType => "The authentication mechanism is unknown or not offered by the server",
        SmtpError.ProtocolError => "The server sent a reply that does not follow the SMTP protocol",
        SmtpError.CommandRejected => "The server rejected the command (see SmtpGetResultCode and SmtpGetResultString)",
        SmtpError.ServerUnavailable => "The server is not available (421) and closed the connection",
        SmtpError.NotHandleOwner => "The handle belongs to another thread (connect with SMTP_OPTION_FREETHREAD or call SmtpAttachThread)",
        SmtpError.HandleBusy => "Another thread is inside a call on this handle",
        SmtpError.InvalidAddress => "The e-mail address is not valid or contains forbidden characters",
        SmtpError.RecipientRejected => "The server rejected the recipient",
        SmtpError.NoValidRecipients => "The server rejected every recipient; nothing was sent",
        SmtpError.MessageTooLarge => "The message is larger than the server accepts",
        SmtpError.InvalidMessage => "The message cannot be sent as it is (NUL byte, or a line longer than 998 octets)",
        SmtpError.AuthenticationFailed => "The server rejected the credentials",
        SmtpError.AuthenticationRequired => "The server requires authentication",
        SmtpError.AuthenticationRequiresTls => "Credentials are never sent in plaintext to a remote host; use TLS or SMTP_OPTION_PLAINTEXT_AUTH",
        SmtpError.TlsNotAvailable => "TLS was required but the server does not offer it or refused it; nothing was sent in plaintext",
        SmtpError.TlsHandshakeFailed => "The TLS handshake failed",
        SmtpError.CertificateInvalid => "The server certificate is not valid (untrusted, expired or for another host)",
        SmtpError.NoMailExchange => "The domain has no mail exchanger",
        SmtpError.NullMailExchange => "The domain accepts no mail (null MX, RFC 7505)",
        SmtpError.ReplyTooLarge => "The server reply exceeds the allowed line length, line count or size",
        SmtpError.InvalidState => "The call is not valid in the current state of the client (out of sequence)",
        SmtpError.Smtputf8Required => "An address is not ASCII and the server does not offer SMTPUTF8",
        SmtpError.InternalError => "An unexpected internal error occurred",
        SmtpError.InvalidMessageHandle => "The message handle is not valid",
        _ => "Unknown error code",
    };
}

/// <summary>A failure with its code; the C boundary turns it into the last error.</summary>
public sealed class SmtpException(SmtpError code, string? detail = null) : Exception(detail ?? SmtpErrorText.For(code))
{
    public SmtpError Code { get; } = code;
}
