namespace SmtpNative.Core.Session;

/// <summary>How the server answered one RCPT TO of the last transaction.</summary>
/// <param name="Address">The mailbox as sent.</param>
/// <param name="Code">The reply code (250, 550, ...); 0 when the command was never answered.</param>
/// <param name="Text">The reply text, kept only for refusals (accepted recipients cost no string).</param>
public readonly record struct RecipientStatus(string Address, int Code, string? Text)
{
    public bool Accepted => Code is >= 200 and < 300;
}
