using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>Writes smtpnative.h from the model: C89-clean, C++-clean, the API reference in its comments.</summary>
public static class CHeaderWriter
{
    public static string Write(ApiModel model)
    {
        var w = new StringBuilder();
        w.Append(Preamble.Replace("@VERSION@", $"0x{model.Version:X8}UL").Replace("@VERSIONTEXT@",
            $"{model.Version >> 16}.{(model.Version >> 8) & 0xFF}.{model.Version & 0xFF}"));

        foreach (var group in model.Groups)
        {
            w.Append($"\n/* {group.Title} */\n");
            foreach (var c in group.Constants)
            {
                if (c.Doc.Length > 0) w.Append($"/** {c.Doc} */\n");
                string value = $"0x{c.Value:X8}UL";
                w.Append($"#define {c.Name} (({group.CType}){value})\n");
            }
        }

        foreach (var cb in model.Callbacks)
        {
            w.Append('\n');
            if (cb.Doc.Length > 0) w.Append(Comment(cb.Doc));
            string args = cb.Params.Count == 0 ? "void" : string.Join(", ", cb.Params.Select(p => $"{p.CType} {p.Name}"));
            w.Append($"typedef {cb.ReturnType} (CALLBACK *{cb.Name})({args});\n");
        }
        foreach (var st in model.Structs)
        {
            w.Append('\n');
            if (st.Doc.Length > 0) w.Append(Comment(st.Doc));
            w.Append($"typedef struct _{st.Name} {{\n");
            foreach (var f in st.Fields)
                w.Append(f.ArrayLength > 0
                    ? $"    {(f.CType == "WCHAR" ? "SMTPWCHAR" : "char")} {f.Name}[{f.ArrayLength}];\n"
                    : $"    {f.CType} {f.Name};\n");
            w.Append($"}} {st.Name}, *LP{st.Name};\n");
            if (st.Form == CharForm.Wide)
                w.Append($"#ifdef UNICODE\ntypedef {st.Family}W {st.Family};\ntypedef LP{st.Family}W LP{st.Family};\n#else\n"
                    + $"typedef {st.Family}A {st.Family};\ntypedef LP{st.Family}A LP{st.Family};\n#endif\n");
        }

        w.Append("\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n");
        string? section = null;
        foreach (var family in model.Families)
        {
            if (family.Section != section)
            {
                section = family.Section;
                w.Append($"\n/* ---- {section.Replace("Exports", "")} ---- */\n");
            }
            w.Append('\n').Append(DocComment(family));
            foreach (var fn in family.Declared)
            {
                string args = fn.Params.Count == 0 ? "void" : string.Join(", ", fn.Params.Select(p => $"{p.CType} {p.Name}"));
                w.Append($"SMTPNATIVE_IMPORT {fn.ReturnType} SMTPAPI {fn.EntryPoint}({args});\n");
            }
            if (family.HasText)
                w.Append($"#ifdef UNICODE\n#define {family.Name} {family.Name}W\n#else\n#define {family.Name} {family.Name}A\n#endif\n");
        }
        w.Append("\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* SMTPNATIVE_H */\n");
        return w.ToString();
    }

    private static string Comment(string text) =>
        "/**\n" + string.Concat(Wrap(text).Select(l => $" * {l}\n")) + " */\n";

    private static string DocComment(ApiFamily family)
    {
        var d = family.Doc;
        var sb = new StringBuilder("/**\n");
        foreach (var line in Wrap($"{family.Name}: {d.Summary}".TrimEnd(' ', ':')))
            sb.Append(" * ").Append(line).Append('\n');
        var ps = family.Declared.First().Params;
        foreach (var p in ps)
        {
            string text = d.Params.GetValueOrDefault(p.Name) ?? StandardParam(p.Name);
            if (text.Length == 0) continue;
            bool first = true;
            foreach (var line in Wrap($"@param {p.Name} {text}"))
            {
                sb.Append(first ? " * " : " *        ").Append(line).Append('\n');
                first = false;
            }
        }
        if (d.Returns is { Length: > 0 } r)
            foreach (var line in Wrap("@return " + r))
                sb.Append(" * ").Append(line).Append('\n');
        return sb.Append(" */\n").ToString().Replace("*/ ", "* /");
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

    private static IEnumerable<string> Wrap(string text, int width = 96)
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

    private const string Preamble = """
/*
 * smtpnative.h - SmtpNative, a native SMTP client library with the classic flat SMTP API.
 *
 * GENERATED by src/SmtpNative.HeaderGen from the compiled exports; do not edit. Regenerate with
 * ./build.sh (a test fails when this file and the library differ).
 *
 * Conventions (the API reference for every function below):
 *  - Library: call SmtpInitialize first (reference counted), SmtpUninitialize last.
 *  - Failure: HCLIENT functions return INVALID_CLIENT, BOOL functions FALSE, INT functions
 *    SMTP_ERROR (-1); SmtpGetLastError() then gives an ST_ERROR_* code (per thread) and
 *    SmtpGetErrorString() its text. A successful call sets the last error to 0.
 *    No function lets an exception, crash or abort escape; bad handles, NULL pointers, short
 *    buffers and text that is not valid in its encoding all give an error code.
 *  - Text: every function taking or returning text exists as ...A (char: UTF-8 on Linux and
 *    macOS, the ANSI code page on Windows) and ...W (UTF-16: wchar_t on Windows, SMTPWCHAR
 *    elsewhere). The plain name maps to one of them by UNICODE, as in Win32; the library also
 *    exports the plain names as aliases of the A functions for callers that bind by name.
 *  - Output buffers (LPTSTR lpszBuffer, INT nMaxLength): nMaxLength counts characters (A: bytes,
 *    W: UTF-16 units) including the terminator. The return is the count copied, without the
 *    terminator. A NULL buffer or nMaxLength 0 returns the length needed (without the
 *    terminator: allocate one more). When the buffer is too small, as much as fits is copied
 *    (never half a character), the text is terminated, and the call fails with
 *    ST_ERROR_BUFFER_TOO_SMALL. Nothing is ever written past nMaxLength characters.
 *  - Handles: HCLIENT values come from a handle table; a closed, stale or forged handle gives
 *    ST_ERROR_INVALID_HANDLE, never a crash. A handle belongs to the thread that created it;
 *    another thread gets ST_ERROR_NOT_HANDLE_OWNER unless the handle was connected with
 *    SMTP_OPTION_FREETHREAD or SmtpAttachThread moved it. Two threads never run inside one handle
 *    at once: the second gets ST_ERROR_HANDLE_BUSY. Different handles run fully in parallel.
 *  - Calling convention: SMTPAPI (__stdcall on 32-bit Windows, the platform default elsewhere).
 */
#ifndef SMTPNATIVE_H
#define SMTPNATIVE_H

/** Version of this header: major << 16 | minor << 8 | patch. Compare with SmtpGetVersion(). */
#define SMTPNATIVE_VERSION_NUM @VERSION@
#define SMTPNATIVE_VERSION_STRING "@VERSIONTEXT@"

#if defined(_WIN32)
#  include <windows.h>
#  define SMTPAPI __stdcall
#  define SMTPNATIVE_IMPORT __declspec(dllimport)
typedef wchar_t SMTPWCHAR;
#else
#  define SMTPAPI
#  define SMTPNATIVE_IMPORT
#  if defined(__cplusplus) && __cplusplus >= 201103L
typedef char16_t SMTPWCHAR;
#  else
typedef unsigned short SMTPWCHAR;
#  endif
typedef int BOOL;
typedef int INT;
typedef unsigned int UINT;
typedef unsigned int DWORD;
typedef unsigned long DWORD_PTR;
typedef unsigned char BYTE;
typedef BYTE *LPBYTE;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef int *LPINT;
typedef DWORD *LPDWORD;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef SMTPWCHAR *LPWSTR;
typedef const SMTPWCHAR *LPCWSTR;
#  ifndef VOID
#    define VOID void
#  endif
#  ifndef TRUE
#    define TRUE 1
#  endif
#  ifndef FALSE
#    define FALSE 0
#  endif
#  ifndef CALLBACK
#    define CALLBACK
#  endif
#  ifdef UNICODE
typedef LPWSTR LPTSTR;
typedef LPCWSTR LPCTSTR;
#  else
typedef LPSTR LPTSTR;
typedef LPCSTR LPCTSTR;
#  endif
#endif

/** Opaque client handle (a connection). Not a pointer to anything: never dereference. */
typedef struct SMTPCLIENT__ *HCLIENT;
/** Opaque message handle (MIME API). */
typedef struct SMTPMESSAGE__ *HMESSAGE;

#define INVALID_CLIENT ((HCLIENT)0)
#define INVALID_MESSAGE ((HMESSAGE)0)
/** Failure value of INT functions. */
#define SMTP_ERROR (-1)

""";
}
