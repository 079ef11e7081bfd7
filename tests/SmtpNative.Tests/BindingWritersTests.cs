using System.Diagnostics;
using SmtpNative.HeaderGen;

namespace SmtpNative.Tests;

/// <summary>
/// The binding writers on a model with what the library does not export yet (struct A/W pairs with
/// fixed char arrays, a callback type, struct pointers in A/W families): every writer renders it,
/// and the C header and Pascal unit compile, the Python module parses. The real model is covered by
/// tests/samples (every binding is used by a sample against the built library).
/// </summary>
public class BindingWritersTests
{
    private static readonly Doc Documented = new("Does the thing.", new Dictionary<string, string> { ["lpInfo"] = "Receives it." }, "0, or SMTP_ERROR.");

    private static ApiFunction Fn(string entry, CharForm form, string ret, params (string Name, string Type)[] ps) =>
        new(entry, form, ret, ps.Select(p => new ApiParam(p.Name, p.Type)).ToList());

    private static ApiModel Model(params ApiFamily[] extra) => new(
        0x00010203,
        [new ConstantGroup("Test constants.", "DWORD", true, [new ApiConstant("SMTP_TEST_ONE", 1, "One."), new ApiConstant("ST_ERROR_TEST", 0x80043FFF, "")])],
        [
            new ApiFamily("SmtpReadStats", "TestExports", Documented, [Fn("SmtpReadStats", CharForm.None, "INT", ("hClient", "HCLIENT"), ("lpStats", "LPSMTPTESTSTATS"))]),
            new ApiFamily("SmtpGetInfo", "TestExports", Documented,
            [
                Fn("SmtpGetInfoA", CharForm.Ansi, "BOOL", ("hClient", "HCLIENT"), ("lpszName", "LPCSTR"), ("lpInfo", "LPTESTINFOA")),
                Fn("SmtpGetInfoW", CharForm.Wide, "BOOL", ("hClient", "HCLIENT"), ("lpszName", "LPCWSTR"), ("lpInfo", "LPTESTINFOW")),
                Fn("SmtpGetInfo", CharForm.PlainAlias, "BOOL", ("hClient", "HCLIENT"), ("lpszName", "LPCSTR"), ("lpInfo", "LPTESTINFOA")),
            ]),
            new ApiFamily("SmtpWatch", "TestExports", Doc.Empty,
                [Fn("SmtpWatch", CharForm.None, "VOID", ("hClient", "HCLIENT"), ("lpEventProc", "SMTPTESTPROC"), ("dwParam", "DWORD_PTR"))]),
            .. extra,
        ],
        [
            new ApiStruct("SMTPTESTSTATS", "SMTPTESTSTATS", CharForm.None, "Numbers.",
                [new ApiField("dwBytesTotal", "DWORD", 0), new ApiField("nCode", "INT", 0), new ApiField("lpEventProc", "SMTPTESTPROC", 0)]),
            new ApiStruct("TESTINFOA", "TESTINFO", CharForm.Ansi, "Info.",
                [new ApiField("dwSize", "DWORD", 0), new ApiField("szSubject", "CHAR", 16), new ApiField("lpszName", "LPCSTR", 0)]),
            new ApiStruct("TESTINFOW", "TESTINFO", CharForm.Wide, "Info.",
                [new ApiField("dwSize", "DWORD", 0), new ApiField("szSubject", "WCHAR", 16), new ApiField("lpszName", "LPCWSTR", 0)]),
        ],
        [new ApiCallback("SMTPTESTPROC", "Called back.", "VOID",
            [new ApiParam("hClient", "HCLIENT"), new ApiParam("nEventId", "UINT"), new ApiParam("dwError", "DWORD"), new ApiParam("dwParam", "DWORD_PTR")])]);

    [Fact]
    public void Every_writer_renders_structs_callbacks_and_text_families()
    {
        var model = Model();
        string pas = PascalWriter.Write(model), bas = Vb6Writer.Write(model), py = PythonWriter.Write(model), cs = CSharpWriter.Write(model);

        Assert.Contains("  SMTPTESTPROC = procedure(hClient: HCLIENT; nEventId: Cardinal; dwError: Cardinal; dwParam: NativeUInt);", pas);
        Assert.Contains("    szSubject: array[0..15] of WideChar;", pas);
        Assert.Contains("  TESTINFO = TESTINFOW;", pas);
        Assert.Contains("function SmtpGetInfo(hClient: HCLIENT; lpszName: PChar; lpInfo: LPTESTINFO): LongBool;", pas);
        Assert.Contains("procedure SmtpWatch(hClient: HCLIENT; lpEventProc: SMTPTESTPROC; dwParam: NativeUInt);", pas);

        Assert.Contains("Public Type TESTINFOA\r\n    dwSize As Long\r\n    szSubject As String * 16\r\n    lpszName As Long\r\nEnd Type", bas);
        Assert.Contains("    szSubject(0 To 15) As Integer", bas);
        Assert.Contains("Public Declare Function SmtpGetInfo Lib \"SmtpNative.dll\" Alias \"SmtpGetInfoA\" (ByVal hClient As Long, ByVal lpszName As String, lpInfo As TESTINFOA) As Long", bas);
        Assert.Contains("Public Declare Sub SmtpWatch Lib \"SmtpNative.dll\" (ByVal hClient As Long, ByVal lpEventProc As Long, ByVal dwParam As Long)", bas);
        Assert.DoesNotContain("\n", bas.Replace("\r\n", ""));

        Assert.Contains("SMTPTESTPROC = _FUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_size_t)", py);
        Assert.Contains("(\"szSubject\", _WCHAR * 16),", py);
        Assert.Contains("(\"lpszName\", ctypes.c_char_p),", py);
        Assert.Contains("SmtpGetInfoW = _bind(\"SmtpGetInfoW\", ctypes.c_int, [ctypes.c_void_p, _WideText, LPTESTINFOW], 0, _doc)", py);
        Assert.Contains("SmtpWatch = _bind(\"SmtpWatch\", None, [ctypes.c_void_p, _nullable(SMTPTESTPROC), ctypes.c_size_t], None, _doc)", py);

        Assert.Contains("        public fixed char szSubject[16];", cs);
        Assert.Contains("        public char* lpszName;", cs);
        Assert.Contains("public static partial int SmtpGetInfo(nint hClient, string? lpszName, TESTINFOW* lpInfo);", cs);
        Assert.Contains("public static partial void SmtpWatch(nint hClient, delegate* unmanaged[Stdcall]<nint, uint, uint, nuint, void> lpEventProc, nuint dwParam);", cs);
    }

    [Fact]
    public void The_C_header_and_Pascal_unit_compile_and_the_Python_module_parses()
    {
        var model = Model();
        string dir = Directory.CreateTempSubdirectory("smtpnative-writers-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "smtpnative.h"), CHeaderWriter.Write(model));
            File.WriteAllText(Path.Combine(dir, "use.c"), """
                #include "smtpnative.h"
                int main(void)
                {
                    TESTINFO info;
                    SMTPTESTSTATS stats;
                    INT (SMTPAPI *read)(HCLIENT, LPSMTPTESTSTATS) = SmtpReadStats;
                    BOOL (SMTPAPI *get)(HCLIENT, LPCTSTR, LPTESTINFO) = SmtpGetInfo;
                    VOID (SMTPAPI *watch)(HCLIENT, SMTPTESTPROC, DWORD_PTR) = SmtpWatch;
                    info.szSubject[0] = 0;
                    stats.lpEventProc = 0;
                    (void)read; (void)get; (void)watch;
                    return (int)sizeof info + (int)sizeof stats;
                }

                """);
            File.WriteAllText(Path.Combine(dir, "SmtpNative.pas"), PascalWriter.Write(model));
            File.WriteAllText(Path.Combine(dir, "smtpnative.py"), PythonWriter.Write(model));

            Run(dir, "gcc", "-std=c89", "-pedantic", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "use.c");
            Run(dir, "g++", "-std=c++17", "-pedantic", "-Wall", "-Wextra", "-Werror", "-DUNICODE", "-fsyntax-only", "-x", "c++", "use.c");
            Run(dir, "fpc", "-Mdelphi", "-vw", "-Sew", "SmtpNative.pas");
            Run(dir, "/usr/bin/python3", "-m", "py_compile", "smtpnative.py");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_C_type_no_writer_knows_is_an_error_that_names_it()
    {
        var model = Model(new ApiFamily("SmtpOdd", "TestExports", Doc.Empty, [Fn("SmtpOdd", CharForm.None, "INT", ("lpOdd", "LPODDTHING"))]));
        Func<ApiModel, string>[] writers = [PascalWriter.Write, Vb6Writer.Write, PythonWriter.Write, CSharpWriter.Write];
        foreach (var write in writers)
            Assert.Contains("LPODDTHING", Assert.Throws<InvalidOperationException>(() => write(model)).Message);
    }

    [Fact]
    public void Names_that_differ_only_in_case_are_refused_for_Pascal_and_VB6()
    {
        var model = Model(new ApiFamily("SmtpTestStats", "TestExports", Doc.Empty, [Fn("SmtpTestStats", CharForm.None, "INT")]));
        Assert.Contains("SMTPTESTSTATS", Assert.Throws<InvalidOperationException>(() => PascalWriter.Write(model)).Message);
        Assert.Contains("SMTPTESTSTATS", Assert.Throws<InvalidOperationException>(() => Vb6Writer.Write(model)).Message);
    }

    private static void Run(string dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed:\n{stdout.Result}\n{stderr}");
    }
}
