using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>
/// Writes interop-samples/delphi/SmtpNative.pas: a unit for Delphi and Free Pascal (Delphi mode).
/// stdcall on Windows, cdecl elsewhere; PAnsiChar for A, PWideChar for W, PChar for the plain name
/// (bound to W when UNICODE is defined, as in Delphi 2009 and later; to A otherwise).
/// </summary>
public static class PascalWriter
{
    /// <summary>C type to Pascal type. "T" text becomes PChar in the plain declaration (see <see cref="PlainTypes"/>).</summary>
    private static readonly Dictionary<string, string> Types = new()
    {
        ["BOOL"] = "LongBool",
        ["INT"] = "Integer",
        ["UINT"] = "Cardinal",
        ["DWORD"] = "Cardinal",
        ["DWORD_PTR"] = "NativeUInt",
        ["HCLIENT"] = "HCLIENT",
        ["HMESSAGE"] = "HMESSAGE",
        ["LPVOID"] = "Pointer",
        ["LPCVOID"] = "Pointer",
        ["LPBYTE"] = "PSmtpByte",
        ["LPINT"] = "PSmtpInt",
        ["LPDWORD"] = "PSmtpDword",
        ["LPVOID*"] = "PSmtpPointer",
        ["LPSTR"] = "PAnsiChar",
        ["LPCSTR"] = "PAnsiChar",
        ["LPWSTR"] = "PWideChar",
        ["LPCWSTR"] = "PWideChar",
    };

    /// <summary>The plain declaration's "T" types (see <see cref="FamilyShape.PlainType"/>).</summary>
    private static readonly Dictionary<string, string> PlainTypes = new(Types) { ["LPTSTR"] = "PChar", ["LPCTSTR"] = "PChar" };

    private static readonly Dictionary<string, string> ArrayTypes = new() { ["CHAR"] = "AnsiChar", ["WCHAR"] = "WideChar" };

    private const string CallConv = "{$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF}";

    public static string Write(ApiModel model)
    {
        model.RequireCaseInsensitiveNames("Pascal");
        var types = new TypeMap("Pascal", model, Types, s => "LP" + s, c => c);
        var plain = new TypeMap("Pascal", model, PlainTypes, s => "LP" + s, c => c);
        var w = new StringBuilder(Preamble.Replace("@NOTICE@", FamilyShape.GeneratedNotice));
        foreach (var cb in model.Callbacks)
        {
            w.Append($"  // {cb.Doc}\n");
            w.Append($"  {cb.Name} = {Signature("", cb.ReturnType, cb.Params.Select(p => (p.Name, types[p.CType])), types)}; {CallConv};\n");
        }
        foreach (var st in model.Structs)
        {
            if (st.Doc.Length > 0) w.Append($"  // {st.Doc}\n");
            w.Append($"  {st.Name} = record\n");
            foreach (var f in st.Fields)
                w.Append($"    {f.Name}: {(f.ArrayLength > 0 ? $"array[0..{f.ArrayLength - 1}] of {ArrayTypes[f.CType]}" : types[f.CType])};\n");
            w.Append($"  end;\n  LP{st.Name} = ^{st.Name};\n");
        }
        foreach (var st in model.TextStructFamilies())
            w.Append($"{{$IFDEF UNICODE}}\n  {st.Family} = {st.Family}W;\n  LP{st.Family} = LP{st.Family}W;\n"
                + $"{{$ELSE}}\n  {st.Family} = {st.Family}A;\n  LP{st.Family} = LP{st.Family}A;\n{{$ENDIF}}\n");

        w.Append(Constants);
        w.Append($"\n  SMTPNATIVE_VERSION_NUM = ${model.Version:X8};\n");
        foreach (var group in model.Groups)
        {
            w.Append($"\n  // {group.Title}\n");
            foreach (var c in group.Constants)
                w.Append($"  {c.Name} = ${c.Value:X8};{(c.Doc.Length > 0 ? " // " + c.Doc : "")}\n");
        }

        foreach (var family in model.Families)
        {
            w.Append('\n');
            foreach (var line in DocText.Lines(family))
                w.Append("// ").Append(line).Append('\n');
            foreach (var fn in family.Declared)
                w.Append(Declaration(fn.EntryPoint, fn, fn.Params.Select(p => types[p.CType]), types, $"'{fn.EntryPoint}'"));
            if (family.HasText)
            {
                var fn = family.Primary();
                w.Append(Declaration(family.Name, fn, fn.Params.Select((_, i) => plain[family.PlainType(i)]), types,
                    $"{{$IFDEF UNICODE}}'{family.Name}W'{{$ELSE}}'{family.Name}A'{{$ENDIF}}"));
            }
        }
        w.Append("\nimplementation\n\nend.\n");
        return w.ToString();
    }

    private static string Declaration(string name, ApiFunction fn, IEnumerable<string> paramTypes, TypeMap types, string entryPoint) =>
        $"{Signature(name, fn.ReturnType, fn.Params.Zip(paramTypes, (p, t) => (p.Name, t)), types)}; {CallConv}; "
        + $"external SmtpNativeLib name {entryPoint};\n";

    /// <summary>"function Name(a: T; b: U): R" or "procedure Name(...)"; an empty name gives a procedural type.</summary>
    private static string Signature(string name, string returnType, IEnumerable<(string Name, string Type)> ps, TypeMap types)
    {
        var list = ps.ToList();
        string args = list.Count == 0 ? "" : "(" + string.Join("; ", list.Select(p => $"{p.Name}: {p.Type}")) + ")";
        string space = name.Length > 0 ? " " : "";
        return returnType == "VOID" ? $"procedure{space}{name}{args}" : $"function{space}{name}{args}: {types[returnType]}";
    }

    private const string Preamble = """
(* SmtpNative.pas - SmtpNative for Delphi and Free Pascal (Delphi mode).
  @NOTICE@

  uses SmtpNative;
  if not SmtpInitialize(nil, nil) then ...;
  Client := SmtpConnect('smtp.example.com', 25, 10, SMTP_OPTION_NONE, nil, nil);
  if Client = INVALID_CLIENT then ShowError(SmtpGetLastError);

  Calls are stdcall on Windows, cdecl elsewhere. PAnsiChar text is the ANSI code page on Windows
  and UTF-8 elsewhere; PWideChar text is UTF-16. The plain names take PChar: the W functions
  where UNICODE is defined (Delphi 2009 and later), the A functions otherwise (Delphi 7, FPC).
  Failure: INVALID_CLIENT, False or SMTP_ERROR; SmtpGetLastError then gives an ST_ERROR_* code.
  Free Pascal on Linux links -lSmtpNative: fpc -Mdelphi -Fl<dir of libSmtpNative.so> ... *)
unit SmtpNative;

{$IFDEF FPC}{$MODE DELPHI}{$ENDIF}

interface

{$IFNDEF FPC}{$IF CompilerVersion < 20.0}
type
  NativeUInt = Cardinal;
{$IFEND}{$ENDIF}

type
  // Opaque handles: never dereferenced.
  HCLIENT = type Pointer;
  HMESSAGE = type Pointer;
  // Declared here because Delphi 7 has no PByte/PCardinal in System; @Variable fits any of them.
  PSmtpByte = ^Byte;
  PSmtpInt = ^Integer;
  PSmtpDword = ^Cardinal;
  PSmtpPointer = ^Pointer;

""";

    private const string Constants = """

const
{$IFDEF MSWINDOWS}
  SmtpNativeLib = 'SmtpNative.dll';
{$ELSE}
  SmtpNativeLib = 'SmtpNative';
{$ENDIF}
  INVALID_CLIENT = nil;
  INVALID_MESSAGE = nil;
  SMTP_ERROR = -1;

""";
}
