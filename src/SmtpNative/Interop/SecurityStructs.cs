namespace SmtpNative.Interop;

/// <summary>
/// What SmtpGetSecurityInformation reports about the connection's TLS. Set dwSize to sizeof(SECURITYINFO)
/// before the call. Text members are arrays inside the structure (terminated, truncated to fit), so the
/// caller owns every byte. Dates are UTC in ISO 8601 ("2026-12-04T10:00:00Z").
/// </summary>
[CStruct("SECURITYINFOA")]
public unsafe struct SecurityInfoA
{
    public uint dwSize;
    /// <summary>SECURITY_PROTOCOL_*; SECURITY_PROTOCOL_NONE (and everything else zero) when not encrypted.</summary>
    public uint dwProtocol;
    /// <summary>SECURITY_CERT_* bits; non-zero only when SMTP_OPTION_TRUSTEDSITE let an invalid certificate pass.</summary>
    public uint dwCertStatus;
    public uint dwReserved;
    public fixed byte szCipherSuite[64];
    public fixed byte szCertSubject[256];
    public fixed byte szCertIssuer[256];
    public fixed byte szFingerprint[72];
    public fixed byte szCertIssued[24];
    public fixed byte szCertExpires[24];
}

[CStruct("SECURITYINFOW")]
public unsafe struct SecurityInfoW
{
    public uint dwSize;
    public uint dwProtocol;
    public uint dwCertStatus;
    public uint dwReserved;
    public fixed char szCipherSuite[64];
    public fixed char szCertSubject[256];
    public fixed char szCertIssuer[256];
    public fixed char szFingerprint[72];
    public fixed char szCertIssued[24];
    public fixed char szCertExpires[24];
}

/// <summary>
/// The mail server for SmtpSubmitMessage. lpszUserName NULL or "" means no authentication; otherwise
/// the strongest mechanism the server offers is used (SMTP_AUTH_DEFAULT).
/// </summary>
[CStruct("SMTPSERVERA")]
public unsafe struct SmtpServerA
{
    public byte* lpszHostName;
    public byte* lpszUserName;
    public byte* lpszPassword;
    public uint nHostPort;
    public uint nTimeout;
    public uint dwOptions;
    public uint dwReserved;
}

[CStruct("SMTPSERVERW")]
public unsafe struct SmtpServerW
{
    public char* lpszHostName;
    public char* lpszUserName;
    public char* lpszPassword;
    public uint nHostPort;
    public uint nTimeout;
    public uint dwOptions;
    public uint dwReserved;
}

/// <summary>
/// The message for SmtpSubmitMessage. Set dwSize to sizeof(SMTPMESSAGEEX). lpszFrom and lpszTo are
/// required; every other text may be NULL. Address lists are separated by commas or semicolons;
/// lpszBcc addresses get the message but appear in no header. lpszHeaders: extra "Name: value" lines.
/// lpszAttach: file paths separated by semicolons. nCharSet and nEncType are accepted for source
/// compatibility; the message is always composed as UTF-8 with the transfer encoding MimeKit picks.
/// </summary>
[CStruct("SMTPMESSAGEEXA")]
public unsafe struct SmtpMessageExA
{
    public uint dwSize;
    public byte* lpszFrom;
    public byte* lpszTo;
    public byte* lpszCc;
    public byte* lpszBcc;
    public byte* lpszDate;
    public byte* lpszSubject;
    public byte* lpszHeaders;
    public byte* lpszText;
    public byte* lpszHTML;
    public byte* lpszAttach;
    public uint nCharSet;
    public uint nEncType;
    public uint dwReserved;
}

[CStruct("SMTPMESSAGEEXW")]
public unsafe struct SmtpMessageExW
{
    public uint dwSize;
    public char* lpszFrom;
    public char* lpszTo;
    public char* lpszCc;
    public char* lpszBcc;
    public char* lpszDate;
    public char* lpszSubject;
    public char* lpszHeaders;
    public char* lpszText;
    public char* lpszHTML;
    public char* lpszAttach;
    public uint nCharSet;
    public uint nEncType;
    public uint dwReserved;
}
