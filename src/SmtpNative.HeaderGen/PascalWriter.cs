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
        ["LPBYTE"] = "PByte",
        ["LPINT"] = "PInteger",
        ["LPDWORD"] = "PCardinal",
        ["LPSTR"] = "PAnsiChar",
        ["LPCSTR"] = "PAnsiChar",
        ["LPWSTR"] = "PWideChar",
        ["LPCWSTR"] = "PWideChar",
    };

    private static readonly Dictionary<string, string> PlainTypes = new() { ["LPSTR"] = "PChar", ["LPCSTR"] = "PChar" };

    private const string CallConv = "{$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF}";

    public static string Write(ApiModel model)
    {
        var w = new StringBuilder(Preamble.Replace("@NOTICE@", FamilyShape.GeneratedNotice));
        w.Append($"\n  SMTPNATIVE_VERSION_NUM = ${model.Version:X8};\n");
        foreach (var group in model.Groups)
        {
            w.Append($"\n  // {group.Title}\n");
            foreach (var c in group.Constants)
                w.Append($"  {c.Name} = ${c.Value:X8};{(c.Doc.Length > 0 ? " // " + c.Doc : "")}\n");
        }

        var implementation = new StringBuilder();
        foreach (var family in model.Families)
        {
            w.Append('\n');
            foreach (var line in DocText.Lines(family))
                w.Append("// ").Append(line).Append('\n');
            foreach (var fn in family.Declared)
                w.Append(Declaration(fn.EntryPoint, fn, _ => Types, $"name '{fn.EntryPoint}'"));
            if (family.HasText)
                w.Append(Declaration(family.Name, family.Primary(), i => family.IsText(i) ? PlainTypes : Types,
                    $"name {{$IFDEF UNICODE}}'{family.Name}W'{{$ELSE}}'{family.Name}A'{{$ENDIF}}"));
        }
        w.Append("\nimplementation\n\nend.\n");
        return w.ToString();
    }

    private static string Declaration(string name, ApiFunction fn, Func<int, Dictionary<string, string>> table, string external)
    {
        string args = fn.Params.Count == 0 ? "" :
            "(" + string.Join("; ", fn.Params.Select((p, i) => $"{p.Name}: {Type(table(i), p.CType)}")) + ")";
        string head = fn.ReturnType == "VOID" ? $"procedure {name}{args}" : $"function {name}{args}: {Type(Types, fn.ReturnType)}";
        return $"{head}; {CallConv}; external SmtpNativeLib {external};\n";
    }

    private static string Type(Dictionary<string, string> table, string cType) =>
        table.TryGetValue(cType, out var t) ? t : Types.Map(cType, "Pascal");

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
