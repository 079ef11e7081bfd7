namespace SmtpNative.Core.Auth;

/// <summary>SASL mechanisms of <c>SmtpAuthenticate</c> (<c>SMTP_AUTH_*</c>).</summary>
public enum SmtpAuthType : uint
{
    /// <summary>LOGIN: user name and password, each base64 in answer to a prompt.</summary>
    Login = 0,
    /// <summary>PLAIN (RFC 4616): user name and password in one initial response.</summary>
    Plain = 1,
    /// <summary>XOAUTH2 (Google, Microsoft): lpszPassword is the OAuth 2.0 access token.</summary>
    Xoauth2 = 3,
    /// <summary>OAUTHBEARER (RFC 7628): lpszPassword is the OAuth 2.0 access token.</summary>
    Bearer = 4,
    /// <summary>CRAM-MD5 (RFC 2195): the password never crosses the wire, only an HMAC of the server's challenge.</summary>
    Crammd5 = 5,
    /// <summary>SCRAM-SHA-256 (RFC 5802/7677): salted challenge-response; the server must prove it knows the password too.</summary>
    Scramsha256 = 6,
    /// <summary>The strongest mechanism the server offers: SCRAM-SHA-256, then CRAM-MD5, PLAIN, LOGIN.</summary>
    Default = 0xFF,
}
