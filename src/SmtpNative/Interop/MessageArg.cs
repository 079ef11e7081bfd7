using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>
/// The (lpvMessage, dwMessageSize, dwOptions) triple of SmtpSendMessage and SmtpAppendMessage as a
/// <see cref="MessageContent"/>: memory with a size (not copied), NUL-terminated text (UTF-16 text of
/// a W function is sent as UTF-8), or a file path; HGLOBAL and clipboard only exist on Windows.
/// </summary>
internal static unsafe class MessageArg
{
    public static MessageContent Read(void* message, uint size, uint options, bool wide)
    {
        if (message == null)
            throw new SmtpException(SmtpError.InvalidParameter, "lpvMessage must not be NULL");
        switch ((SmtpMessageSource)options)
        {
            case SmtpMessageSource.Memory when size > 0:
                return MessageContent.FromMemory(new ReadOnlySpan<byte>(message, checked((int)size)));
            case SmtpMessageSource.Memory when wide:
                return MessageContent.FromMemory(Encoding.UTF8.GetBytes(TextArg.Wide((char*)message).Required("lpvMessage")));
            case SmtpMessageSource.Memory:
                return MessageContent.FromMemory(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)message));
            case SmtpMessageSource.File:
                var path = wide ? TextArg.Wide((char*)message) : TextArg.Ansi((byte*)message);
                return MessageContent.FromFile(path.Required("lpvMessage"));
            case SmtpMessageSource.Hglobal or SmtpMessageSource.Clipboard:
                throw new SmtpException(SmtpError.NotSupported, "HGLOBAL and clipboard messages exist only on Windows");
            default:
                throw new SmtpException(SmtpError.InvalidParameter, "dwOptions is not an SMTP_MESSAGE_* source");
        }
    }
}
