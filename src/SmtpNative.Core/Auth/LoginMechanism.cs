using System.Text;

namespace SmtpNative.Core.Auth;

/// <summary>
/// LOGIN: the server prompts twice ("Username:", "Password:"); the answers go by step, not by the prompt
/// text, which servers word differently.
/// </summary>
internal sealed class LoginMechanism(string user, string password) : ISaslMechanism
{
    private int _step;

    public string Name => "LOGIN";

    public byte[]? InitialResponse() => null;

    public byte[] Respond(ReadOnlySpan<byte> challenge) => _step++ switch
    {
        0 => Encoding.UTF8.GetBytes(user),
        1 => Encoding.UTF8.GetBytes(password),
        _ => throw new SaslChallengeException("LOGIN takes two prompts; the server sent a third"),
    };

    public void Succeeded() { }
}
