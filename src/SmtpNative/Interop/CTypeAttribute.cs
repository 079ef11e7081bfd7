namespace SmtpNative.Interop;

/// <summary>
/// The C type the header shows for a parameter or return value, where the rule of the header
/// generator (CLR type plus the Hungarian prefix of the parameter name) does not already give it.
/// "T" in a type (LPTSTR, LPCTSTR) becomes the A or W form of the function it is on.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue)]
internal sealed class CTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
