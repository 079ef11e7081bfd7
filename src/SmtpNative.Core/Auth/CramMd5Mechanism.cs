using System.Security.Cryptography;
using System.Text;

namespace SmtpNative.Core.Auth;

/// <summary>CRAM-MD5 (RFC 2195): answers the server's challenge with "user HEX(HMAC-MD5(password, challenge))".</summary>
internal sealed class CramMd5Mechanism(string user, string password) : ISaslMechanism
{
    private bool _answered;

    public string Name => "CRAM-MD5";

    public byte[]? InitialResponse() => null;

    public byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        if (_answered)
            throw new SaslChallengeException("CRAM-MD5 takes one challenge; the server sent another");
        if (challenge.IsEmpty)
            throw new SaslChallengeException("The CRAM-MD5 challenge is empty");
        _answered = true;
        byte[] key = Encoding.UTF8.GetBytes(password);
        Span<byte> mac = stackalloc byte[HMACMD5.HashSizeInBytes];
        HMACMD5.HashData(key, challenge, mac);
        CryptographicOperations.ZeroMemory(key);
        return Encoding.UTF8.GetBytes(user + " " + Convert.ToHexStringLower(mac));
    }

    public void Succeeded() { }
}
