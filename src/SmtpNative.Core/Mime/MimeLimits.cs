using MimeKit;

namespace SmtpNative.Core.Mime;

/// <summary>
/// Parser settings for untrusted input: nesting bounded (multipart depth, address groups) so a
/// hostile message or header cannot recurse deeply; everything else is bounded by the input's size.
/// </summary>
public static class MimeLimits
{
    public const int MaxMimeDepth = 64;
    public const int MaxAddressGroupDepth = 3;

    public static ParserOptions Parser { get; } = new()
    {
        MaxMimeDepth = MaxMimeDepth,
        MaxAddressGroupDepth = MaxAddressGroupDepth,
        AllowAddressesWithoutDomain = false,
        AddressParserComplianceMode = RfcComplianceMode.Strict,
    };

    public static FormatOptions Format { get; } = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var f = FormatOptions.Default.Clone();
        f.NewLineFormat = NewLineFormat.Dos;
        return f;
    }
}
