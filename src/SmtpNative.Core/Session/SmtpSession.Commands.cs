using System.Globalization;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Core.Session;

/// <summary>Commands outside a transaction: any command (SmtpCommand), VRFY, EXPN; and the RFC 5322 date.</summary>
public sealed partial class SmtpSession
{
    /// <summary>
    /// Sends "<paramref name="verb"/> <paramref name="parameter"/>" and reads the reply; the code is
    /// returned whatever it is (a 5xx is an answer, not a failure). CR, LF, NUL and other control
    /// characters are refused before anything is sent. DATA and BDAT are refused (content has its own
    /// functions, which keep its encoding right); so is any command while content is being sent.
    /// </summary>
    public int UserCommand(string verb, string? parameter)
    {
        CommandWriter.RequireToken(verb, "command");
        if (verb.Equals("DATA", StringComparison.OrdinalIgnoreCase) || verb.Equals("BDAT", StringComparison.OrdinalIgnoreCase))
            throw new SmtpException(SmtpError.InvalidParameter, "DATA and BDAT are sent by SmtpAppendMessage/SmtpWrite/SmtpCloseMessage");
        string line = string.IsNullOrEmpty(parameter) ? verb : verb + " " + RequireText(parameter, "command parameter");
        if (_tx == TransactionState.Content)
            throw new SmtpException(SmtpError.InvalidState, "A command cannot be sent while message content is being sent");
        using var status = Enter(SmtpStatus.Command);
        SettlePendingMail();
        if (verb.Equals("RSET", StringComparison.OrdinalIgnoreCase) || verb.Equals("MAIL", StringComparison.OrdinalIgnoreCase))
            _tx = TransactionState.None;
        // AUTH through the raw command path carries credentials: the trace shows "AUTH MECH ****".
        return verb.Equals("AUTH", StringComparison.OrdinalIgnoreCase) ? SecretCommand(line) : Command(line);
    }

    /// <summary>VRFY: the reply text when the server answers 250/251/252, else a <see cref="SmtpError.CommandRejected"/> failure.</summary>
    public string Verify(string address) => Query("VRFY", address);

    /// <summary>EXPN: the reply lines (one member per line) when the server answers 250, else a failure.</summary>
    public string Expand(string list) => Query("EXPN", list);

    private string Query(string verb, string argument)
    {
        if (_tx == TransactionState.Content)
            throw new SmtpException(SmtpError.InvalidState, "A command cannot be sent while message content is being sent");
        string line = verb + " " + RequireText(argument, "address");
        using var status = Enter(SmtpStatus.Command);
        SettlePendingMail();
        Command(line);
        if (Reply.Code is < 250 or > 252)
            throw Rejected(SmtpError.CommandRejected, $"The server refused {verb}");
        return Reply.Text;
    }

    /// <summary>A pipelined MAIL FROM waiting in the buffer is sent and answered before another command.</summary>
    private void SettlePendingMail()
    {
        if (_tx != TransactionState.MailPending) return;
        try
        {
            Live.Flush();
            ReadMailReply(0);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e);
        }
    }

    private static string RequireText(string value, string what)
    {
        if (value.Length == 0 || value.Length > 1000)
            throw new SmtpException(SmtpError.InvalidParameter, $"The {what} is empty or too long");
        foreach (char c in value)
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                throw new SmtpException(SmtpError.InvalidParameter, $"The {what} may not contain CR, LF, NUL or other control characters");
        return value;
    }

    /// <summary>The current local time as an RFC 5322 date: "Fri, 04 Dec 2026 15:58:19 +0100".</summary>
    public static string CurrentDate() => FormatDate(DateTimeOffset.Now);

    public static string FormatDate(DateTimeOffset t)
    {
        var offset = t.Offset;
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return t.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
