using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>
/// A message as a caller passes it (pointer, size, SMTP_MESSAGE_* source) turned into engine content:
/// memory is wrapped, never copied (except W text, which is sent as UTF-8); a file is streamed.
/// </summary>
internal static unsafe class MessageArg
{
    public static MessageContent Content(void* message, uint size, uint options, bool wide, string name)
    {
        if (message == null)
            throw new SmtpException(SmtpError.InvalidParameter, $"{name} must not be NULL");
        switch ((SmtpMessageSource)options)
        {
            case SmtpMessageSource.Memory when size > 0:
                return MessageContent.FromMemory(new ReadOnlySpan<byte>(message, checked((int)size)));
            case SmtpMessageSource.Memory when wide:
                return MessageContent.FromMemory(Encoding.UTF8.GetBytes(TextArg.Wide((char*)message).Required(name)));
            case SmtpMessageSource.Memory:
                return MessageContent.FromMemory(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)message));
            case SmtpMessageSource.File:
                var path = wide ? TextArg.Wide((char*)message) : TextArg.Ansi((byte*)message);
                return MessageContent.FromFile(path.Required(name));
            case SmtpMessageSource.Hglobal or SmtpMessageSource.Clipboard:
                throw new SmtpException(SmtpError.NotSupported, "HGLOBAL and clipboard messages exist only on Windows");
            default:
                throw new SmtpException(SmtpError.InvalidParameter, "dwOptions is not an SMTP_MESSAGE_* source");
        }
    }
}
