namespace SmtpNative.Core.Auth;

/// <summary>
/// The client side of one SASL mechanism for one AUTH exchange. Challenges and responses are the
/// decoded bytes; the session does the base64 and the wire. Each instance is used once.
/// </summary>
internal interface ISaslMechanism
{
    /// <summary>The mechanism name as in the EHLO AUTH line ("PLAIN").</summary>
    string Name { get; }

    /// <summary>The initial response (RFC 4954), or null when the mechanism starts with a server challenge.</summary>
    byte[]? InitialResponse();

    /// <summary>The answer to a server challenge. Throws <see cref="SaslChallengeException"/> when the challenge
    /// makes no sense for this mechanism at this step (the session then cancels the exchange with "*").</summary>
    byte[] Respond(ReadOnlySpan<byte> challenge);

    /// <summary>Called on 235: throws <see cref="SaslChallengeException"/> when the mechanism needed the server to
    /// prove something (SCRAM's server signature) and it did not.</summary>
    void Succeeded();
}

/// <summary>A server challenge the mechanism cannot or must not answer.</summary>
internal sealed class SaslChallengeException(string reason) : Exception(reason);
