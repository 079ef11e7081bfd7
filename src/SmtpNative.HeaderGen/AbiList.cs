namespace SmtpNative.HeaderGen;

/// <summary>
/// native-headers/abi.txt: every export and constant ever published, one per line, in the order
/// they were added ("export NAME" / "const NAME VALUE"). New entries are appended; an entry that
/// disappears or a constant whose value changes is an error — the ABI is append-only.
/// </summary>
public static class AbiList
{
    public static IEnumerable<string> Entries(ApiModel model) =>
        model.Groups.SelectMany(g => g.Constants).Select(c => $"const {c.Name} 0x{c.Value:X8}")
            .Concat(model.ExportedSymbols.Select(s => $"export {s}"));

    /// <summary>The existing list with the model's new entries appended; throws when the model broke the ABI.</summary>
    public static string Update(string? existing, ApiModel model)
    {
        var old = (existing ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).ToList();
        var current = Entries(model).ToList();
        var currentSet = current.ToHashSet(StringComparer.Ordinal);
        var gone = old.Where(l => !currentSet.Contains(l)).ToList();
        if (gone.Count > 0)
            throw new InvalidOperationException("The ABI is append-only, but these published entries are gone or changed:\n  "
                + string.Join("\n  ", gone));
        var oldSet = old.ToHashSet(StringComparer.Ordinal);
        var lines = new List<string> { "# SmtpNative ABI: every export and constant ever published, in order of addition. Append-only; maintained by HeaderGen." };
        lines.AddRange(old);
        lines.AddRange(current.Where(l => !oldSet.Contains(l)));
        return string.Join('\n', lines) + "\n";
    }
}
