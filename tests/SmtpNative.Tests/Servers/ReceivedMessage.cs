namespace SmtpNative.Tests.Servers;

/// <summary>What a real server received: the envelope and the DATA bytes (dot-unstuffed).</summary>
public sealed record ReceivedMessage(string From, IReadOnlyList<string> Recipients, IReadOnlyList<string> MailParameters, byte[] Data)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}
