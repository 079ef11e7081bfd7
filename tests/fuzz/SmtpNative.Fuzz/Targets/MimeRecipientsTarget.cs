using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Mime;
using SmtpNative.Core.Protocol;

namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// MIME recipient enumeration (MimeEnumMessageRecipients) and single-address parsing (MimeParseAddress)
/// on hostile messages and address lists. Input: the first line is the extra address list, the rest the
/// message. Every address that comes out is one EnvelopeAddress accepts unchanged (so it can go into RCPT
/// TO as it is), and none comes twice; anything else is InvalidMessage / InvalidAddress.
/// </summary>
public sealed class MimeRecipientsTarget : IFuzzTarget
{
    public string Name => "mime";

    public void Run(byte[] input)
    {
        int newline = Array.IndexOf(input, (byte)'\n');
        string extra = Encoding.UTF8.GetString(input, 0, newline < 0 ? input.Length : newline);
        byte[] message = newline < 0 ? [] : input[(newline + 1)..];
        MimeKit.MimeMessage? parsed = null;
        try
        {
            parsed = MimeDocument.Load(new MemoryStream(message));
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidMessage) { }
        try
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var address in MimeRecipients.Enumerate(parsed, extra))
            {
                Property.Holds(seen.Add(address), $"'{address}' listed twice");
                Property.Holds(EnvelopeAddress.Parse(address) == address, $"'{address}' is not a valid envelope address as it is");
            }
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidAddress) { }
        try
        {
            var (name, address) = MimeRecipients.Parse(extra);
            Property.Holds(EnvelopeAddress.Parse(address) == address, $"parsed address '{address}' is not valid as it is");
            // A display name may carry what the text carried, but never a line break: a caller writing it
            // into a header must not be able to start a new header line. (A NUL can only come from a NUL in
            // the input, which no C string can hold.)
            Property.Holds(name.IndexOfAny(['\r', '\n']) < 0, "CR or LF in a display name");
            Property.Holds(name.IndexOf('\0') < 0 || extra.Contains('\0'), "NUL in a display name");
        }
        catch (SmtpException e) when (e.Code == SmtpError.InvalidAddress) { }
    }
}
