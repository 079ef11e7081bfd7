namespace SmtpNative.Core.Session;

/// <summary>
/// Receives a session's events (the C boundary forwards them to SmtpRegisterEvent callbacks).
/// Called on the thread of the call in progress, with no lock held.
/// </summary>
public interface ISessionEvents
{
    void Raise(SmtpEvent e, SmtpError error);
}
