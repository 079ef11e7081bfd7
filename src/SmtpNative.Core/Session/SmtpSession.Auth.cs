using SmtpNative.Core.Auth;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Core.Session;

public sealed partial class SmtpSession
{
    /// <summary>
    /// AUTH (RFC 4954) with the mechanism asked for, or the strongest offered for
    /// <see cref="SmtpAuthType.Default"/>. The challenges and answers of the exchange never become
    /// <see cref="Reply"/>: only the final reply (235, 535, ...) does, so no AUTH payload can reach a
    /// result string. Credentials are sent only over TLS or loopback unless SMTP_OPTION_PLAINTEXT_AUTH.
    /// </summary>
    public void Authenticate(SmtpAuthType type, string user, string secret)
    {
        var c = Live;
        var chosen = SaslMechanisms.Choose(type, Capabilities.IsExtended ? Capabilities.AuthMechanisms : []);
        if (!SaslMechanisms.MayCarryCredentials(IsEncrypted, c.IsLoopback, Options))
            throw new SmtpException(SmtpError.AuthenticationRequiresTls,
                "The connection is not encrypted and the server is not on this machine: connect with TLS, or pass SMTP_OPTION_PLAINTEXT_AUTH");
        var mechanism = SaslMechanisms.Create(chosen, user, secret, Host, Port);
        Guarded(() => Exchange(mechanism));
    }

    private void Exchange(ISaslMechanism mechanism)
    {
        var c = Live;
        // Everything written during the exchange is credentials: traces show "AUTH MECH ****" and "****".
        c.Mode = Transport.WireMode.Secret;
        try
        {
            ExchangeCore(c, mechanism);
        }
        finally
        {
            c.Mode = Transport.WireMode.Command;
        }
    }

    private void ExchangeCore(Transport.SmtpConnection c, ISaslMechanism mechanism)
    {
        byte[]? initial = mechanism.InitialResponse();
        // RFC 4954 §4: the initial response goes on the AUTH line when the line stays within 512 octets;
        // otherwise it answers the server's empty challenge.
        bool inline = initial is not null && 5 + mechanism.Name.Length + 1 + Base64Length(initial.Length) + 2 <= 512;
        CommandWriter.Append(c, "AUTH " + mechanism.Name);
        if (inline)
        {
            c.WriteByte((byte)' ');
            WriteBase64(c, initial!, emptyAsEquals: true);
        }
        c.Write("\r\n"u8);
        c.Flush();
        ReadReplyCore(_scratch);

        bool initialPending = initial is not null && !inline;
        for (int challenges = 0; _scratch.Code == 334; challenges++)
        {
            byte[]? answer = null;
            string? refusal = challenges >= SaslMechanisms.MaxChallenges ? "The server sent too many authentication challenges" : null;
            if (refusal is null && initialPending)
            {
                answer = initial;
                initialPending = false;
            }
            else if (refusal is null)
            {
                try
                {
                    answer = mechanism.Respond(DecodeChallenge(_scratch));
                }
                catch (SaslChallengeException e)
                {
                    refusal = e.Message;
                }
            }
            if (refusal is not null)
            {
                // RFC 4954 §4: "*" cancels the exchange; the server answers 501 and the session goes on.
                c.Write("*\r\n"u8);
                c.Flush();
                ReadReplyCore(Reply);
                throw new SmtpException(SmtpError.AuthenticationFailed, refusal + "; authentication was canceled");
            }
            WriteBase64(c, answer!, emptyAsEquals: false);
            c.Write("\r\n"u8);
            c.Flush();
            ReadReplyCore(_scratch);
        }
        CopyToReply(_scratch);

        if (Reply.Code == 235)
        {
            try
            {
                mechanism.Succeeded();
            }
            catch (SaslChallengeException e)
            {
                // A server that cannot prove it knows the password is not the server we meant to talk to.
                Close();
                throw new SmtpException(SmtpError.AuthenticationFailed, e.Message + "; the connection was closed");
            }
            return;
        }
        throw Rejected(Reply.Code == 504 ? SmtpError.InvalidAuthenticationType : SmtpError.AuthenticationFailed,
            $"The server refused AUTH {mechanism.Name}");
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    private static void WriteBase64(Transport.SmtpConnection c, byte[] data, bool emptyAsEquals)
    {
        if (data.Length == 0)
        {
            if (emptyAsEquals) c.WriteByte((byte)'=');
            return;
        }
        var span = c.GetWriteSpan(Base64Length(data.Length));
        System.Buffers.Text.Base64.EncodeToUtf8(data, span, out _, out int written);
        c.Advance(written);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(data);
    }

    /// <summary>The base64 text of a 334 reply, decoded; text that is not base64 is a malformed challenge.</summary>
    private static byte[] DecodeChallenge(SmtpReply challenge)
    {
        var text = challenge.LineCount == 1 ? challenge.Line(0).Trim((byte)' ') : default;
        if (challenge.LineCount != 1)
            throw new SaslChallengeException("The authentication challenge spans several lines");
        byte[] decoded = new byte[text.Length / 4 * 3 + 3];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(text, decoded, out int consumed, out int written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length)
            throw new SaslChallengeException("The server's authentication challenge is not base64");
        return decoded[..written];
    }
}
