namespace SmtpNative.Core.Mime;

/// <summary>Character set of composed text (<c>MIME_CHARSET_*</c>).</summary>
public enum MimeCharset : uint
{
    /// <summary>UTF-8 (US-ASCII when the text is plain ASCII).</summary>
    Default = 0,
    /// <summary>US-ASCII; text with other characters is refused (ST_ERROR_INVALID_PARAMETER).</summary>
    UsAscii = 1,
    /// <summary>ISO-8859-1 (Latin-1); characters outside it are refused.</summary>
    Iso88591 = 2,
    /// <summary>UTF-8.</summary>
    Utf8 = 3,
}

/// <summary>Content-Transfer-Encoding of composed text (<c>MIME_ENCODING_*</c>).</summary>
public enum MimeEncoding : uint
{
    /// <summary>7bit for ASCII text with short lines; otherwise quoted-printable (mostly ASCII) or base64.</summary>
    Default = 0,
    /// <summary>7bit when the text allows it; otherwise as MIME_ENCODING_DEFAULT (never raw 8-bit data).</summary>
    SevenBit = 1,
    /// <summary>8bit (the server should offer 8BITMIME).</summary>
    EightBit = 2,
    /// <summary>quoted-printable.</summary>
    QuotedPrintable = 3,
    /// <summary>base64.</summary>
    Base64 = 4,
}

/// <summary>How MimeAttachFile encodes the file (<c>MIME_ATTACH_*</c>).</summary>
public enum MimeAttach : uint
{
    /// <summary>base64 (the default).</summary>
    Default = 0,
    /// <summary>base64.</summary>
    Base64 = 1,
    /// <summary>quoted-printable (for mostly-text files).</summary>
    QuotedPrintable = 2,
}

/// <summary>Where MimeExportMessageEx writes and MimeImportMessage reads (<c>MIME_EXPORT_*</c>).</summary>
public enum MimeStorage : uint
{
    /// <summary>A caller buffer (size query rule: NULL buffer returns the size needed).</summary>
    Memory = 1,
    /// <summary>A file path (LPCTSTR of the A or W function); export creates or replaces the file.</summary>
    File = 2,
    /// <summary>A Windows HGLOBAL (ST_ERROR_NOT_SUPPORTED elsewhere).</summary>
    Hglobal = 3,
}

/// <summary>Options of MimeImportMessage and MimeExportMessageEx (<c>MIME_OPTION_*</c>).</summary>
public enum MimeOption : uint
{
    /// <summary>Default behaviour: CRLF line ends, headers as stored.</summary>
    Default = 0,
}
