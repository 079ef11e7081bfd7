using SmtpNative.HeaderGen;

// Usage: HeaderGen <native-headers dir> [-check]
// Writes smtpnative.h and abi.txt there, and the bindings for the other languages into
// interop-samples/ next to it, and the constants reference in README.md: all rendered from the same model.
// With -check nothing is written: the exit code is 1 when any file would change.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SmtpNative.HeaderGen <native-headers dir> [-check]");
    return 2;
}
string dir = args[0];
bool check = args.Contains("-check");
var model = ModelReader.Read();

string samples = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir).TrimEnd('/', '\\'))!, "interop-samples");
var outputs = new List<(string Path, string Text)>();
try
{
    string abiPath = Path.Combine(dir, "abi.txt");
    outputs.Add((Path.Combine(dir, "smtpnative.h"), CHeaderWriter.Write(model)));
    outputs.Add((Path.Combine(samples, "delphi", "SmtpNative.pas"), PascalWriter.Write(model)));
    outputs.Add((Path.Combine(samples, "vb6", "SmtpNative.bas"), Vb6Writer.Write(model)));
    outputs.Add((Path.Combine(samples, "python", "smtpnative.py"), PythonWriter.Write(model)));
    outputs.Add((Path.Combine(samples, "csharp", "SmtpNative.Bindings.cs"), CSharpWriter.Write(model)));
    outputs.Add((abiPath, AbiList.Update(File.Exists(abiPath) ? File.ReadAllText(abiPath) : null, model)));
    string readme = Path.Combine(Path.GetDirectoryName(samples)!, "README.md");
    outputs.Add((readme, ReadmeReferenceWriter.Update(File.ReadAllText(readme), model)));
}
catch (InvalidOperationException e)
{
    // A model a binding cannot express (unmapped C type, case clash) or a broken ABI: say which, write nothing.
    Console.Error.WriteLine(e.Message);
    return 1;
}

int changed = 0;
foreach (var (path, text) in outputs)
{
    string? old = File.Exists(path) ? File.ReadAllText(path) : null;
    if (old == text) continue;
    changed++;
    if (check)
    {
        Console.Error.WriteLine($"{path} is out of date: regenerate it with ./build.sh");
    }
    else
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
        Console.WriteLine($"wrote {path}");
    }
}
return check && changed > 0 ? 1 : 0;
