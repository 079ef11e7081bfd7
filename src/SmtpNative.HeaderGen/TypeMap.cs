namespace SmtpNative.HeaderGen;

/// <summary>
/// One writer's C type → language type mapping: its table for the fixed C types, then the model's
/// own types — a pointer to a struct (LPNAME) and a callback type — through the writer's rules for
/// those. A new export needs no writer change; a new fixed C type needs one table entry.
/// </summary>
public sealed class TypeMap(string language, ApiModel model, IReadOnlyDictionary<string, string> table,
    Func<string, string> structPointer, Func<string, string> callback)
{
    public string this[string cType] =>
        table.TryGetValue(cType, out var t) ? t
        : StructOf(cType) is { } name ? structPointer(name)
        : model.Callbacks.Any(c => c.Name == cType) ? callback(cType)
        : throw new InvalidOperationException($"{language} binding: no mapping for the C type {cType}; add it to the writer's type table");

    /// <summary>NAME when cType is LPNAME and NAME is a struct of the model (or the A/W family name of one).</summary>
    private string? StructOf(string cType) =>
        cType.StartsWith("LP", StringComparison.Ordinal) && model.Structs.Any(s => s.Name == cType[2..] || s.Family == cType[2..])
            ? cType[2..] : null;
}
