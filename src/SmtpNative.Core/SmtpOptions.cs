namespace SmtpNative.Core;

/// <summary>Connection options (<c>SMTP_OPTION_*</c>), combined with OR.</summary>
[Flags]
public enum SmtpOptions : uint
{
    /// <summary>No options: plaintext SMTP, EHLO with HELO fallback, pipelining and chunking when offered.</summary>
    None = 0,
    /// <summary>Use ESMTP (EHLO). Implied by port 587; EHLO is always tried first anyway.</summary>
    Extended = 0x0001,
    /// <summary>Reserved for proxy tunnelling (accepted, not used).</summary>
    Tunnel = 0x0400,
    /// <summary>Skip server certificate validation. The only way to skip it.</summary>
    Trustedsite = 0x0800,
    /// <summary>STARTTLS, required: the call fails rather than continue in plaintext.</summary>
    SecureExplicit = 0x1000,
    /// <summary>TLS from the first byte (port 465 style).</summary>
    SecureImplicit = 0x2000,
    /// <summary>STARTTLS when offered, plaintext otherwise (opportunistic).</summary>
    SecureFallback = 0x8000,
    /// <summary>Alias of SMTP_OPTION_SECURE_EXPLICIT.</summary>
    Secure = SecureExplicit,
    /// <summary>Never pipeline commands, even when the server offers PIPELINING.</summary>
    Nopipelining = 0x10000,
    /// <summary>Never use BDAT, even when the server offers CHUNKING.</summary>
    Nochunking = 0x20000,
    /// <summary>Allow credentials over an unencrypted connection to a non-loopback host.</summary>
    PlaintextAuth = 0x40000,
    /// <summary>Any thread may use the handle (one at a time).</summary>
    Freethread = 0x80000,
}

/// <summary>Where <c>SmtpSendMessage</c> and <c>SmtpAppendMessage</c> take the message from (<c>SMTP_MESSAGE_*</c>).</summary>
public enum SmtpMessageSource : uint
{
    /// <summary>lpvMessage points to the bytes; size 0 means NUL-terminated text.</summary>
    Memory = 0,
    /// <summary>lpvMessage is a file path (LPCTSTR of the A or W function).</summary>
    File = 1,
    /// <summary>Windows HGLOBAL (not supported on other platforms).</summary>
    Hglobal = 2,
    /// <summary>Windows clipboard (not supported on other platforms).</summary>
    Clipboard = 3,
}
