namespace SmtpNative.Interop;

/// <summary>
/// The C type the header shows for a parameter, return value or struct field, where the rule of the
/// header generator (CLR type plus the Hungarian prefix of the name) does not already give it.
/// "T" in a type (LPTSTR, LPCTSTR) becomes the A or W form of the function or struct it is on.
/// Callback parameters (delegate* unmanaged) always need it: [CType("SMTPEVENTPROC")].
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Field)]
internal sealed class CTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Marks a sequential struct that the header declares as <c>typedef struct _NAME {...} NAME, *LPNAME;</c>.
/// Field C types follow the same rule as parameters; <c>fixed byte szX[N]</c> / <c>fixed char szX[N]</c>
/// become char / SMTPWCHAR arrays. A struct with text exists as NAMEA and NAMEW (two C# structs);
/// the header then maps NAME to one of them by UNICODE.
/// </summary>
[AttributeUsage(AttributeTargets.Struct)]
internal sealed class CStructAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Marks a delegate type that only declares a callback's C signature for the header:
/// <c>typedef RET (CALLBACK *NAME)(params);</c>. Exports take the callback as a
/// <c>delegate* unmanaged[Stdcall]&lt;...&gt;</c> parameter with [CType("NAME")].
/// </summary>
[AttributeUsage(AttributeTargets.Delegate)]
internal sealed class CCallbackAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
