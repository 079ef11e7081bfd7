using System.Security.Cryptography;
using System.Text;

namespace SmtpNative.Core.Auth;

/// <summary>
/// SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding ("n,,"). The password never crosses the
/// wire; the client proves it knows it, and the server must prove the same back (its signature in the
/// server-final message is checked before the exchange may succeed). User name and password are used as
/// UTF-8 without SASLprep, which is exact for ASCII.
/// </summary>
internal sealed class ScramSha256Mechanism(string user, string password) : ISaslMechanism
{
    /// <summary>Most PBKDF2 iterations accepted from a server (a hostile count would make the client spin).</summary>
    public const int MaxIterations = 1_000_000;

    private readonly string _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private string _clientFirstBare = "";
    private byte[]? _expectedServerSignature;
    private int _step;
    private bool _serverVerified;

    public string Name => "SCRAM-SHA-256";

    public byte[]? InitialResponse()
    {
        _clientFirstBare = $"n={SaslName.Escape(user)},r={_clientNonce}";
        return Encoding.UTF8.GetBytes("n,," + _clientFirstBare);
    }

    public byte[] Respond(ReadOnlySpan<byte> challenge) => _step++ switch
    {
        0 => ClientFinal(Encoding.UTF8.GetString(challenge)),
        1 => VerifyServerFinal(Encoding.UTF8.GetString(challenge)),
        _ => throw new SaslChallengeException("SCRAM-SHA-256 takes two challenges; the server sent a third"),
    };

    public void Succeeded()
    {
        if (!_serverVerified)
            throw new SaslChallengeException("The server accepted SCRAM-SHA-256 without proving that it knows the password");
    }

    private byte[] ClientFinal(string serverFirst)
    {
        string? nonce = null, salt = null, iterations = null;
        foreach (var attribute in serverFirst.Split(','))
        {
            if (attribute.Length < 2 || attribute[1] != '=')
                throw new SaslChallengeException("The SCRAM server-first message is malformed");
            string value = attribute[2..];
            switch (attribute[0])
            {
                case 'r': nonce = value; break;
                case 's': salt = value; break;
                case 'i': iterations = value; break;
                case 'm': throw new SaslChallengeException("The server requires a SCRAM extension this client does not know");
                case 'e': throw new SaslChallengeException("The server reported a SCRAM error");
            }
        }
        if (nonce is null || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
            throw new SaslChallengeException("The SCRAM server nonce does not extend the client nonce");
        if (!int.TryParse(iterations, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count)
            || count < 1 || count > MaxIterations)
            throw new SaslChallengeException("The SCRAM iteration count is missing or out of range");
        byte[] saltBytes;
        try
        {
            saltBytes = Convert.FromBase64String(salt ?? throw new FormatException());
        }
        catch (FormatException)
        {
            throw new SaslChallengeException("The SCRAM salt is missing or not base64");
        }

        string withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), saltBytes, count, HashAlgorithmName.SHA256, 32);
        byte[] clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        byte[] storedKey = SHA256.HashData(clientKey);
        byte[] clientSignature = HMACSHA256.HashData(storedKey, authMessage);
        byte[] proof = new byte[clientKey.Length];
        for (int i = 0; i < proof.Length; i++)
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        byte[] serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        _expectedServerSignature = HMACSHA256.HashData(serverKey, authMessage);
        CryptographicOperations.ZeroMemory(salted);
        CryptographicOperations.ZeroMemory(clientKey);
        return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    private byte[] VerifyServerFinal(string serverFinal)
    {
        if (serverFinal.StartsWith("e=", StringComparison.Ordinal))
            throw new SaslChallengeException("The server refused the SCRAM proof");
        byte[] signature;
        try
        {
            signature = serverFinal.StartsWith("v=", StringComparison.Ordinal) ? Convert.FromBase64String(serverFinal[2..].Split(',')[0]) : [];
        }
        catch (FormatException)
        {
            signature = [];
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
            throw new SaslChallengeException("The server's SCRAM signature is wrong: it does not know the password");
        _serverVerified = true;
        return [];
    }
}
