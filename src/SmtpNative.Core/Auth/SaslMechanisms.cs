namespace SmtpNative.Core.Auth;

/// <summary>Which mechanism an SMTP_AUTH_* value means, and the policy of when credentials may be sent.</summary>
internal static class SaslMechanisms
{
    /// <summary>Most server challenges answered in one AUTH exchange (the longest mechanism, SCRAM, needs 2).</summary>
    public const int MaxChallenges = 8;

    /// <summary>What SMTP_AUTH_DEFAULT picks from, strongest first.</summary>
    private static readonly SmtpAuthType[] Strength = [SmtpAuthType.Scramsha256, SmtpAuthType.Crammd5, SmtpAuthType.Plain, SmtpAuthType.Login];

    public static string? NameOf(SmtpAuthType type) => type switch
    {
        SmtpAuthType.Login => "LOGIN",
        SmtpAuthType.Plain => "PLAIN",
        SmtpAuthType.Xoauth2 => "XOAUTH2",
        SmtpAuthType.Bearer => "OAUTHBEARER",
        SmtpAuthType.Crammd5 => "CRAM-MD5",
        SmtpAuthType.Scramsha256 => "SCRAM-SHA-256",
        _ => null,
    };

    /// <summary>The mechanism to use: the one asked for if offered, or the strongest offered for Default.</summary>
    public static SmtpAuthType Choose(SmtpAuthType requested, IReadOnlyList<string> offered)
    {
        if (requested == SmtpAuthType.Default)
        {
            foreach (var t in Strength)
                if (offered.Contains(NameOf(t)!)) return t;
            throw new SmtpException(SmtpError.InvalidAuthenticationType,
                "The server offers none of SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN" + Offered(offered));
        }
        string name = NameOf(requested) ?? throw new SmtpException(SmtpError.InvalidAuthenticationType, $"Unknown authentication type {(uint)requested}");
        if (!offered.Contains(name))
            throw new SmtpException(SmtpError.InvalidAuthenticationType, $"The server does not offer AUTH {name}" + Offered(offered));
        return requested;
    }

    private static string Offered(IReadOnlyList<string> offered) =>
        offered.Count == 0 ? " (it offers no AUTH at all)" : " (it offers " + string.Join(' ', offered) + ")";

    public static ISaslMechanism Create(SmtpAuthType type, string user, string secret, string host, int port) => type switch
    {
        SmtpAuthType.Login => new LoginMechanism(user, secret),
        SmtpAuthType.Plain => new PlainMechanism(user, secret),
        SmtpAuthType.Xoauth2 => new BearerMechanism(rfc7628: false, user, secret, host, port),
        SmtpAuthType.Bearer => new BearerMechanism(rfc7628: true, user, secret, host, port),
        SmtpAuthType.Crammd5 => new CramMd5Mechanism(user, secret),
        SmtpAuthType.Scramsha256 => new ScramSha256Mechanism(user, secret),
        _ => throw new SmtpException(SmtpError.InvalidAuthenticationType),
    };

    /// <summary>
    /// Credentials (of any mechanism: even a challenge-response gives an eavesdropper something to attack
    /// offline) cross only an encrypted connection, a loopback connection, or where the caller opted in.
    /// </summary>
    public static bool MayCarryCredentials(bool encrypted, bool loopback, SmtpOptions options) =>
        encrypted || loopback || (options & SmtpOptions.PlaintextAuth) != 0;
}
