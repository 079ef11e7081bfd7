using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>
/// The documentation of a function family as every binding shows it: the summary, one entry per
/// parameter, the return value. Each writer only adds its own comment markers.
/// </summary>
public static class DocText
{
    /// <summary>A parameter's documentation: the XML doc, or the standard text for names with one meaning everywhere.</summary>
    public static string Param(ApiFamily family, string name) => family.Doc.Params.GetValueOrDefault(name) ?? StandardParam(name);

    /// <summary>
    /// The documentation as wrapped lines: "Name: summary", "@param name text" (continuation lines
    /// indented), "@return text". Parameters without documentation are left out.
    /// </summary>
    public static IEnumerable<string> Lines(ApiFamily family, int width = 96)
    {
        foreach (var line in Wrap($"{family.Name}: {family.Doc.Summary}".TrimEnd(' ', ':'), width))
            yield return line;
        foreach (var p in family.Declared.First().Params)
        {
            string text = Param(family, p.Name);
            if (text.Length == 0) continue;
            bool first = true;
            foreach (var line in Wrap($"@param {p.Name} {text}", width))
            {
                yield return first ? line : "       " + line;
                first = false;
            }
        }
        if (family.Doc.Returns is { Length: > 0 } r)
            foreach (var line in Wrap("@return " + r, width))
                yield return line;
    }

    /// <summary>Parameters with one meaning everywhere are documented once, here.</summary>
    private static string StandardParam(string name) => name switch
    {
        "hClient" => "Client handle from SmtpConnect.",
        "hMessage" => "Message handle.",
        "lpszBuffer" => "Receives the text; NULL to ask for the length needed.",
        "nMaxLength" => "Size of the buffer in characters, terminator included.",
        "lpReserved" => "Reserved; pass NULL.",
        _ => "",
    };

    public static IEnumerable<string> Wrap(string text, int width = 96)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
