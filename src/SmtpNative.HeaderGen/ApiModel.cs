namespace SmtpNative.HeaderGen;

/// <summary>Which character form a variant of a function is.</summary>
public enum CharForm { None, Ansi, Wide, PlainAlias }

/// <summary>Documentation of one function (from the C# XML doc comments).</summary>
public sealed record Doc(string Summary, IReadOnlyDictionary<string, string> Params, string? Returns)
{
    public static readonly Doc Empty = new("", new Dictionary<string, string>(), null);
}

/// <summary>A parameter: its name and C type ("T" types already resolved for the variant).</summary>
public sealed record ApiParam(string Name, string CType);

/// <summary>One exported entry point.</summary>
public sealed record ApiFunction(string EntryPoint, CharForm Form, string ReturnType, IReadOnlyList<ApiParam> Params);

/// <summary>A function as the header shows it: one name, plus its A/W variants when it takes text.</summary>
public sealed record ApiFamily(string Name, string Section, Doc Doc, IReadOnlyList<ApiFunction> Variants)
{
    public bool HasText => Variants.Any(v => v.Form == CharForm.Ansi);
    public IEnumerable<ApiFunction> Declared => Variants.Where(v => v.Form != CharForm.PlainAlias);
}

/// <summary>A named constant of a group (ST_ERROR_*, SMTP_OPTION_*, ...).</summary>
public sealed record ApiConstant(string Name, long Value, string Doc);

public sealed record ConstantGroup(string Title, string CType, bool Hex, IReadOnlyList<ApiConstant> Constants);

/// <summary>A struct field; <paramref name="ArrayLength"/> &gt; 0 for a fixed character array (CType is then CHAR or WCHAR).</summary>
public sealed record ApiField(string Name, string CType, int ArrayLength);

/// <summary>A struct the API passes by pointer. Family is the name without A/W for text structs.</summary>
public sealed record ApiStruct(string Name, string Family, CharForm Form, string Doc, IReadOnlyList<ApiField> Fields);

/// <summary>A callback type (a function pointer the caller implements).</summary>
public sealed record ApiCallback(string Name, string Doc, string ReturnType, IReadOnlyList<ApiParam> Params);

/// <summary>Everything a binding needs, in the order it is shown.</summary>
public sealed record ApiModel(uint Version, IReadOnlyList<ConstantGroup> Groups, IReadOnlyList<ApiFamily> Families,
    IReadOnlyList<ApiStruct> Structs, IReadOnlyList<ApiCallback> Callbacks)
{
    /// <summary>Every symbol the library exports (A, W, plain aliases and single functions).</summary>
    public IEnumerable<string> ExportedSymbols => Families.SelectMany(f => f.Variants).Select(v => v.EntryPoint);
}
