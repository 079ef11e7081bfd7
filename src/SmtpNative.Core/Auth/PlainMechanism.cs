using System.Text;

namespace SmtpNative.Core.Auth;

/// <summary>PLAIN (RFC 4616): "\0user\0password" as the initial response; the server answers 235 or 535.</summary>
internal sealed class PlainMechanism(string user, string password) : ISaslMechanism
{
    public string Name => "PLAIN";

    public byte[]? InitialResponse() => Encoding.UTF8.GetBytes("\0" + user + "\0" + password);

    public byte[] Respond(ReadOnlySpan<byte> challenge) =>
        throw new SaslChallengeException("PLAIN takes no challenge after the initial response");

    public void Succeeded() { }
}
