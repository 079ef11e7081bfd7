using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// The envelope address parser: whatever the caller passes, a mailbox that comes out is safe to put
/// between the brackets of MAIL FROM / RCPT TO (no controls, no unquoted space or bracket, bounded);
/// everything else is InvalidAddress.
/// </summary>
public sealed class AddressTarget : IFuzzTarget
{
    public string Name => "address";

    public void Run(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        try
        {
            CheckMailbox(EnvelopeAddress.Parse(text, allowNull: true), allowEmpty: true);
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidAddress) { }
        try
        {
            foreach (var mailbox in EnvelopeAddress.ParseList(text))
                CheckMailbox(mailbox, allowEmpty: false);
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidAddress) { }
    }

    private static void CheckMailbox(string mailbox, bool allowEmpty)
    {
        if (mailbox.Length == 0)
        {
            Property.Holds(allowEmpty, "an empty recipient");
            return;
        }
        Property.Holds(mailbox.Length <= EnvelopeAddress.MaxLength, "mailbox over the length limit");
        Property.Holds(mailbox.IndexOf('@') > 0, "mailbox without local@domain");
        bool quoted = false;
        for (int i = 0; i < mailbox.Length; i++)
        {
            char c = mailbox[i];
            Property.Holds(!char.IsControl(c) && c is not '\u2028' and not '\u2029' and not '\uFEFF', $"control character U+{(int)c:X4} in '{mailbox}'");
            if (quoted && c == '\\') { i++; continue; }
            if (c == '"') quoted = !quoted;
            else if (!quoted) Property.Holds(c is not (' ' or '<' or '>'), $"unquoted '{c}' in '{mailbox}'");
        }
    }
}
