using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using SmtpNative.Core.Mime;
using SmtpNative.Core.Session;

namespace SmtpNative.Interop;

/// <summary>
/// A message a caller passes as (pointer, size, source): the one rule every export that takes a
/// message follows (SmtpSendMessage, SmtpAppendMessage, SmtpSendMessageBatch, SmtpDeliverMessage,
/// MimeImportMessage). Memory with a size is used in place (never copied); size 0 means
/// NUL-terminated text — bytes for an A function, UTF-16 text for a W function (sent as UTF-8);
/// a file source is a path of the function's character type; HGLOBAL and clipboard exist only on Windows.
/// </summary>
internal readonly unsafe struct MessageArg
{
    public enum Kind { Memory, File, WindowsOnly, Unknown }

    private readonly byte* _pointer;
    private readonly int _length;
    private readonly byte[]? _converted;

    /// <summary>The path, for a file source; null for memory.</summary>
    public string? Path { get; }

    private MessageArg(byte* pointer, int length, byte[]? converted, string? path)
    {
        _pointer = pointer;
        _length = length;
        _converted = converted;
        Path = path;
    }

    /// <summary>The bytes of a memory source.</summary>
    public ReadOnlySpan<byte> Bytes => _converted ?? new ReadOnlySpan<byte>(_pointer, _length);

    /// <summary>Decodes the triple of the SMTP functions (SMTP_MESSAGE_* source).</summary>
    public static MessageArg Decode(void* message, uint size, uint options, bool wide) =>
        Decode(message, size, (SmtpMessageSource)options switch
        {
            SmtpMessageSource.Memory => Kind.Memory,
            SmtpMessageSource.File => Kind.File,
            SmtpMessageSource.Hglobal or SmtpMessageSource.Clipboard => Kind.WindowsOnly,
            _ => Kind.Unknown,
        }, wide);

    /// <summary>Decodes the triple of the MIME functions (MIME_EXPORT_* storage).</summary>
    public static MessageArg DecodeMime(void* source, uint size, uint storage, bool wide) =>
        Decode(source, size, (MimeStorage)storage switch
        {
            MimeStorage.Memory => Kind.Memory,
            MimeStorage.File => Kind.File,
            MimeStorage.Hglobal => Kind.WindowsOnly,
            _ => Kind.Unknown,
        }, wide);

    private static MessageArg Decode(void* message, uint size, Kind kind, bool wide)
    {
        if (message == null)
            throw new SmtpException(SmtpError.InvalidParameter, "The message pointer must not be NULL");
        return kind switch
        {
            Kind.Memory when size > 0 => new((byte*)message, checked((int)size), null, null),
            Kind.Memory when wide => new(null, 0, Encoding.UTF8.GetBytes(TextArg.Wide((char*)message).Required("message text")), null),
            Kind.Memory => new((byte*)message, MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)message).Length, null, null),
            Kind.File => new(null, 0, null, (wide ? TextArg.Wide((char*)message) : TextArg.Ansi((byte*)message)).Required("message path")),
            Kind.WindowsOnly => throw new SmtpException(SmtpError.NotSupported, "HGLOBAL and clipboard sources exist only on Windows"),
            _ => throw new SmtpException(SmtpError.InvalidParameter, "The message source is not a valid SMTP_MESSAGE_* / MIME_EXPORT_* value"),
        };
    }

    /// <summary>The SMTP functions' message (only valid during the export call).</summary>
    public static MessageContent Read(void* message, uint size, uint options, bool wide) =>
        Decode(message, size, options, wide).Content();

    public MessageContent Content() => Path is null ? MessageContent.FromMemory(Bytes) : MessageContent.FromFile(Path);

    /// <summary>The message for direct delivery, which reads it more than once (only valid during the export call).</summary>
    public DeliveryMessage ForDelivery() =>
        Path is not null ? DeliveryMessage.FromFile(Path)
        : _converted is not null ? DeliveryMessage.FromMemory(_converted)
        : DeliveryMessage.FromMemory(new CallerMemory(_pointer, _length).Memory);

    /// <summary>A stream over the message (MIME import).</summary>
    public Stream OpenRead() =>
        Path is not null ? MessageContent.OpenFile(Path)
        : _converted is not null ? new MemoryStream(_converted, writable: false)
        : new UnmanagedMemoryStream(_pointer, _length);
}
