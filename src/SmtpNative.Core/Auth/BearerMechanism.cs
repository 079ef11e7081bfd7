using System.Text;

namespace SmtpNative.Core.Auth;

/// <summary>
/// The two OAuth 2.0 bearer-token mechanisms. XOAUTH2 (Google/Microsoft): "user=U^Aauth=Bearer T^A^A".
/// OAUTHBEARER (RFC 7628): a GS2 header with the user, then host, port and "auth=Bearer T".
/// On a refused token the server sends one error challenge (JSON); the client must answer it with an
/// empty response (XOAUTH2) or a single ^A (RFC 7628 §3.2.3) to get the final 535.
/// </summary>
internal sealed class BearerMechanism(bool rfc7628, string user, string token, string host, int port) : ISaslMechanism
{
    private bool _errorSeen;

    public string Name => rfc7628 ? "OAUTHBEARER" : "XOAUTH2";

    public byte[]? InitialResponse() => Encoding.UTF8.GetBytes(rfc7628
        ? $"n,a={SaslName.Escape(user)},\u0001host={host}\u0001port={port}\u0001auth=Bearer {token}\u0001\u0001"
        : $"user={user}\u0001auth=Bearer {token}\u0001\u0001");

    public byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        if (_errorSeen)
            throw new SaslChallengeException($"{Name} takes one error challenge; the server sent another");
        _errorSeen = true;
        return rfc7628 ? [0x01] : [];
    }

    public void Succeeded() { }
}

/// <summary>RFC 5802 saslname: "," and "=" in a user name are written as "=2C" and "=3D".</summary>
internal static class SaslName
{
    public static string Escape(string user) => user.Replace("=", "=3D").Replace(",", "=2C");
}
