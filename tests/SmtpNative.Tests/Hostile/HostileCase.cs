using System.Text;

namespace SmtpNative.Tests.Hostile;

/// <summary>
/// One scenario of tests/hostile/cases/*.case: the server lines (played by hostile_server.py) and
/// the client lines, which say what the client does and what must come of it:
/// <code>
/// client connect TIMEOUT [EHLO-NAME] => ok | ERROR
/// client send FROM TO BODY => ok | ERROR
/// client connected yes | no                      client code NNN
/// client text-is [TEXT]                          client text-valid-utf8
/// client messages N                              (messages the server received)
/// client cancel-after MS                         (SmtpCancel from another thread MS ms into the next send)
/// </code>
/// ERROR is an ST_ERROR_ name without the prefix. Arguments are split at spaces and take the
/// escapes \r \n \t \0 \s (space) \\, \xHH and \*N (the byte before, N more times).
/// </summary>
public sealed record HostileCase(string Name, string Path, string Class, string Title, IReadOnlyList<ClientStep> Steps)
{
    public static string Directory => Servers.RepoPaths.File("tests/hostile/cases");

    public static IEnumerable<string> All() =>
        System.IO.Directory.GetFiles(Directory, "*.case").Select(p => System.IO.Path.GetFileNameWithoutExtension(p)).Order();

    public static HostileCase Load(string name) => Parse(name, System.IO.Path.Combine(Directory, name + ".case"));

    public static HostileCase Parse(string name, string path)
    {
        string cls = "", title = "";
        var steps = new List<ClientStep>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("# class:", StringComparison.Ordinal)) cls = line[8..].Trim();
            else if (line.StartsWith("# ", StringComparison.Ordinal) && title.Length == 0 && cls.Length > 0) title = line[2..].Trim();
            else if (line.StartsWith("client ", StringComparison.Ordinal)) steps.Add(ClientStep.Parse(line[7..]));
        }
        return new HostileCase(name, path, cls, title, steps);
    }

    public override string ToString() => Name;
}

/// <summary>One client line: a verb, its arguments (unescaped bytes) and the expected outcome.</summary>
public sealed record ClientStep(string Verb, IReadOnlyList<byte[]> Args, string? Outcome)
{
    public static ClientStep Parse(string text)
    {
        string? outcome = null;
        int arrow = text.IndexOf(" => ", StringComparison.Ordinal);
        if (arrow >= 0)
        {
            outcome = text[(arrow + 4)..].Trim();
            text = text[..arrow];
        }
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new ClientStep(tokens[0], tokens.Skip(1).Select(Unescape).ToList(), outcome);
    }

    public string Text(int i) => Encoding.UTF8.GetString(Args[i]);


    public static byte[] Unescape(string token)
    {
        var raw = Encoding.UTF8.GetBytes(token);
        var output = new List<byte>(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 == raw.Length)
            {
                output.Add(raw[i]);
                continue;
            }
            char e = (char)raw[++i];
            if (e == '*')
            {
                int digits = 0;
                while (i + 1 + digits < raw.Length && char.IsAsciiDigit((char)raw[i + 1 + digits])) digits++;
                int count = int.Parse(Encoding.ASCII.GetString(raw, i + 1, digits));
                output.AddRange(Enumerable.Repeat(output[^1], count));
                i += digits;
                continue;
            }
            if (e == 'x')
            {
                output.Add(Convert.ToByte(Encoding.ASCII.GetString(raw, i + 1, 2), 16));
                i += 2;
                continue;
            }
            output.Add(e switch { 'r' => (byte)'\r', 'n' => (byte)'\n', 't' => (byte)'\t', '0' => 0, 's' => (byte)' ', '\\' => (byte)'\\',
                _ => throw new FormatException($"unknown escape \\{e} in '{token}'") });
        }
        return output.ToArray();
    }
}
