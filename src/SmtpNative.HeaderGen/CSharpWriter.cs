using System.Security;
using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>
/// Writes interop-samples/csharp/SmtpNative.Bindings.cs: [LibraryImport] declarations for .NET 7+.
/// Text families are bound by their plain name to the W function (string in, char* out: UTF-16 on
/// every platform, like .NET's own strings) and as NameA to the A function (byte* text).
/// </summary>
public static class CSharpWriter
{
    /// <summary>C type to C# type (unsafe context: pointers stay pointers).</summary>
    private static readonly Dictionary<string, string> Types = new()
    {
        ["VOID"] = "void",
        ["BOOL"] = "int",
        ["INT"] = "int",
        ["UINT"] = "uint",
        ["DWORD"] = "uint",
        ["DWORD_PTR"] = "nuint",
        ["HCLIENT"] = "nint",
        ["HMESSAGE"] = "nint",
        ["LPVOID"] = "void*",
        ["LPCVOID"] = "void*",
        ["LPBYTE"] = "byte*",
        ["LPINT"] = "int*",
        ["LPDWORD"] = "uint*",
        ["LPVOID*"] = "void**",
        ["LPSTR"] = "byte*",
        ["LPCSTR"] = "byte*",
        ["LPWSTR"] = "char*",
        ["LPCWSTR"] = "string?",
    };

    /// <summary>Struct fields and callback parameters are blittable: text is a pointer there.</summary>
    private static readonly Dictionary<string, string> FieldTypes = new(Types) { ["LPCWSTR"] = "char*" };

    private static readonly Dictionary<string, string> ArrayTypes = new() { ["CHAR"] = "byte", ["WCHAR"] = "char" };

    public static string Write(ApiModel model)
    {
        TypeMap? fields = null;
        fields = new TypeMap("C#", model, FieldTypes, s => s + "*", c => Callback(model, c, fields!));
        var types = new TypeMap("C#", model, Types, s => s + "*", c => Callback(model, c, fields));
        var w = new StringBuilder(Preamble.Replace("@NOTICE@", FamilyShape.GeneratedNotice));
        w.Append($"    public const uint SMTPNATIVE_VERSION_NUM = 0x{model.Version:X8};\n");
        foreach (var group in model.Groups)
        {
            w.Append($"\n    // {group.Title}\n");
            foreach (var c in group.Constants)
            {
                if (c.Doc.Length > 0) w.Append($"    /// <summary>{Xml(c.Doc)}</summary>\n");
                w.Append($"    public const uint {c.Name} = 0x{c.Value:X8};\n");
            }
        }

        foreach (var st in model.Structs)
        {
            w.Append('\n');
            if (st.Doc.Length > 0) w.Append($"    /// <summary>{Xml(st.Doc)}</summary>\n");
            w.Append($"    [StructLayout(LayoutKind.Sequential)]\n    public struct {st.Name}\n    {{\n");
            foreach (var f in st.Fields)
                w.Append(f.ArrayLength > 0
                    ? $"        public fixed {ArrayTypes[f.CType]} {f.Name}[{f.ArrayLength}];\n"
                    : $"        public {fields[f.CType]} {f.Name};\n");
            w.Append("    }\n");
        }

        foreach (var family in model.Families)
        {
            var wide = family.Variant(CharForm.Wide);
            w.Append('\n').Append(DocComment(family));
            w.Append(Import(family.Name, wide ?? family.Primary(), types));
            if (wide is not null)
                w.Append(Import(family.Name + "A", family.Variant(CharForm.Ansi)!, types));
        }
        w.Append("}\n");
        return w.ToString();
    }

    /// <summary>A callback type as the function pointer type it is: delegate* unmanaged[Stdcall]&lt;params, return&gt;.</summary>
    private static string Callback(ApiModel model, string name, TypeMap fields)
    {
        var cb = model.Callbacks.First(c => c.Name == name);
        return $"delegate* unmanaged[Stdcall]<{string.Join(", ", cb.Params.Select(p => p.CType).Append(cb.ReturnType).Select(t => fields[t]))}>";
    }

    private static string Import(string name, ApiFunction fn, TypeMap types)
    {
        string args = string.Join(", ", fn.Params.Select(p => $"{types[p.CType]} {p.Name}"));
        string marshalling = fn.Params.Any(p => p.CType == "LPCWSTR") ? ", StringMarshalling = StringMarshalling.Utf16" : "";
        return $"    [LibraryImport(Library, EntryPoint = \"{fn.EntryPoint}\"{marshalling})]\n" +
               "    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvStdcall) })]\n" +
               $"    public static partial {types[fn.ReturnType]} {name}({args});\n";
    }

    private static string DocComment(ApiFamily family)
    {
        var sb = new StringBuilder();
        sb.Append($"    /// <summary>{Xml(family.Doc.Summary)}</summary>\n");
        foreach (var p in family.Primary().Params)
            if (DocText.Param(family, p.Name) is { Length: > 0 } text)
                sb.Append($"    /// <param name=\"{p.Name}\">{Xml(text)}</param>\n");
        if (family.Doc.Returns is { Length: > 0 } r)
            sb.Append($"    /// <returns>{Xml(r)}</returns>\n");
        return sb.ToString();
    }

    private static string Xml(string text) => SecurityElement.Escape(text);

    private const string Preamble = """
// SmtpNative.Bindings.cs - SmtpNative for .NET ([LibraryImport], .NET 7 or later, AllowUnsafeBlocks).
// @NOTICE@
//
// Text functions are bound twice: Smtp.Name calls the W export (string in, char* buffers out,
// UTF-16 everywhere) and Smtp.NameA the A export (byte* text: UTF-8 on Linux, the ANSI code page
// on Windows). BOOL is int (0 = FALSE). Failure: 0 handles, FALSE or SMTP_ERROR; then
// SmtpGetLastError() gives an ST_ERROR_* code. The library is "SmtpNative": SmtpNative.dll on
// Windows, libSmtpNative.so on Linux (found through the loader's path or a DllImportResolver).
#nullable enable
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SmtpNative.Bindings;

public static unsafe partial class Smtp
{
    public const string Library = "SmtpNative";
    public const int SMTP_ERROR = -1;
    public const nint INVALID_CLIENT = 0;
    public const nint INVALID_MESSAGE = 0;

""";
}
