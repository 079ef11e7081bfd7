namespace SmtpNative.Core.Session;

/// <summary>
/// The messages of one <see cref="SmtpSession.SendBatch"/> call, read one at a time as they go out
/// (nothing is copied up front), with a result handed back for each, strictly in index order.
/// </summary>
public interface IMessageBatch
{
    int Count { get; }

    /// <summary>Envelope sender of message <paramref name="index"/> ("" = null sender).</summary>
    string Sender(int index);

    /// <summary>Envelope recipients of message <paramref name="index"/>, separated by commas or semicolons.</summary>
    string Recipients(int index);

    /// <summary>The content of message <paramref name="index"/>; may be asked for more than once.</summary>
    MessageContent Content(int index);

    /// <summary>
    /// Message <paramref name="index"/> is finished: <paramref name="error"/> is Success when the server
    /// accepted it; <paramref name="replyCode"/> is the server's last reply for it (0 when refused locally).
    /// </summary>
    void Complete(int index, SmtpError error, int replyCode);
}
