using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>
/// Writes interop-samples/vb6/SmtpNative.bas: a VB6 module of Declare statements. VB6 is 32-bit:
/// handles, BOOL and DWORD are Long. The plain names are the A functions (VB6 converts a ByVal
/// String to the ANSI code page); the W functions take string pointers (StrPtr) as Long.
/// </summary>
public static class Vb6Writer
{
    /// <summary>C type to the VB6 parameter declaration (passing mode and type).</summary>
    private static readonly Dictionary<string, string> Params = new()
    {
        ["BOOL"] = "ByVal {0} As Long",
        ["INT"] = "ByVal {0} As Long",
        ["UINT"] = "ByVal {0} As Long",
        ["DWORD"] = "ByVal {0} As Long",
        ["DWORD_PTR"] = "ByVal {0} As Long",
        ["HCLIENT"] = "ByVal {0} As Long",
        ["HMESSAGE"] = "ByVal {0} As Long",
        ["LPVOID"] = "{0} As Any",
        ["LPCVOID"] = "{0} As Any",
        ["LPBYTE"] = "{0} As Any",
        ["LPINT"] = "{0} As Long",
        ["LPDWORD"] = "{0} As Long",
        ["LPVOID*"] = "{0} As Long",
        ["LPSTR"] = "ByVal {0} As String",
        ["LPCSTR"] = "ByVal {0} As String",
        ["LPWSTR"] = "ByVal {0} As Long",
        ["LPCWSTR"] = "ByVal {0} As Long",
    };

    /// <summary>C return type to VB6 ("" = a Sub).</summary>
    private static readonly Dictionary<string, string> Returns = new()
    {
        ["VOID"] = "",
        ["BOOL"] = "Long",
        ["INT"] = "Long",
        ["UINT"] = "Long",
        ["DWORD"] = "Long",
        ["DWORD_PTR"] = "Long",
        ["HCLIENT"] = "Long",
        ["HMESSAGE"] = "Long",
    };

    /// <summary>Struct fields: on 32-bit Windows every scalar, handle and pointer of the API is a Long.</summary>
    private static readonly Dictionary<string, string> Fields = Params.ToDictionary(p => p.Key, _ => "{0} As Long");

    /// <summary>Fixed character arrays in structs: ANSI as a fixed-length String, UTF-16 as Integers.</summary>
    private static readonly Dictionary<string, string> ArrayFields = new()
    {
        ["CHAR"] = "{0} As String * {1}",
        ["WCHAR"] = "{0}(0 To {2}) As Integer",
    };

    public static string Write(ApiModel model)
    {
        model.RequireCaseInsensitiveNames("VB6");
        var ps = new TypeMap("VB6", model, Params, s => "{0} As " + s, _ => "ByVal {0} As Long");
        var fields = new TypeMap("VB6", model, Fields, _ => "{0} As Long", _ => "{0} As Long");
        var returns = new TypeMap("VB6", model, Returns, _ => "Long", _ => "Long");
        var w = new StringBuilder(Preamble.Replace("@NOTICE@", FamilyShape.GeneratedNotice));
        w.Append($"Public Const SMTPNATIVE_VERSION_NUM As Long = &H{model.Version:X}&\n");
        foreach (var group in model.Groups)
        {
            w.Append($"\n' {group.Title}\n");
            foreach (var c in group.Constants)
                w.Append($"Public Const {c.Name} As Long = &H{c.Value:X}&{(c.Doc.Length > 0 ? " ' " + c.Doc : "")}\n");
        }

        foreach (var cb in model.Callbacks)
            w.Append($"\n' {cb.Name}: {cb.Doc}\n' Pass AddressOf a Public procedure in a .bas module: "
                + $"{string.Join(", ", cb.Params.Select(p => string.Format(ps[p.CType], p.Name)))}\n");
        foreach (var st in model.Structs)
        {
            w.Append('\n');
            if (st.Doc.Length > 0) w.Append($"' {st.Doc}\n");
            w.Append($"Public Type {st.Name}\n");
            foreach (var f in st.Fields)
                w.Append("    ").Append(f.ArrayLength > 0
                    ? string.Format(ArrayFields[f.CType], f.Name, f.ArrayLength, f.ArrayLength - 1)
                    : string.Format(fields[f.CType], f.Name)).Append('\n');
            w.Append("End Type\n");
        }

        foreach (var family in model.Families)
        {
            w.Append('\n');
            foreach (var line in DocText.Lines(family))
                w.Append("' ").Append(line).Append('\n');
            w.Append(Declare(family.Name, family.Primary(), ps, returns));
            if (family.Variant(CharForm.Wide) is { } wide)
                w.Append(Declare(wide.EntryPoint, wide, ps, returns));
        }
        return w.ToString().Replace("\n", "\r\n");  // the VB6 IDE reads CRLF only
    }

    private static string Declare(string name, ApiFunction fn, TypeMap ps, TypeMap returns)
    {
        string ret = returns[fn.ReturnType];
        string alias = name == fn.EntryPoint ? "" : $" Alias \"{fn.EntryPoint}\"";
        string args = string.Join(", ", fn.Params.Select(p => string.Format(ps[p.CType], p.Name)));
        return ret.Length == 0
            ? $"Public Declare Sub {name} Lib \"SmtpNative.dll\"{alias} ({args})\n"
            : $"Public Declare Function {name} Lib \"SmtpNative.dll\"{alias} ({args}) As {ret}\n";
    }

    private const string Preamble = """
Attribute VB_Name = "SmtpNative"
' SmtpNative.bas - SmtpNative for Visual Basic 6 (32-bit, SmtpNative.dll built for win-x86).
' @NOTICE@
'
' Strings: the plain names are declared on the A functions, so a ByVal String goes to the library
' in the ANSI code page (VB6 converts it). Output text: pass a buffer made with Space$(n) and its
' length; the return value is the length copied. The W functions take StrPtr(s) as Long.
' Handles, BOOL and DWORD are Long; "As Any" parameters take ByVal 0& for NULL, ByVal s for a
' String, or the first element of a Byte array. Text pointers inside a Type are Long: keep the ANSI
' copy alive in a variable (b = StrConv(s & vbNullChar, vbFromUnicode)) and store VarPtr(b(0)).
' Callbacks are Long: AddressOf a Public procedure in a .bas module. Failure: INVALID_CLIENT (0),
' False (0) or SMTP_ERROR (-1); SmtpGetLastError then gives an ST_ERROR_* code.
Option Explicit

Public Const INVALID_CLIENT As Long = 0
Public Const INVALID_MESSAGE As Long = 0
Public Const SMTP_ERROR As Long = -1

""";
}
