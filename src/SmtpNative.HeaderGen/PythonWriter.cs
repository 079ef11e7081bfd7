using System.Text;

namespace SmtpNative.HeaderGen;

/// <summary>
/// Writes interop-samples/python/smtpnative.py: a ctypes module with argtypes/restype for every
/// export, and an errcheck that raises SmtpError (code + SmtpGetErrorString text) on failure.
/// </summary>
public static class PythonWriter
{
    /// <summary>C type to ctypes argument/return type. The _AnsiText/_WideText/_Pointer classes live in the preamble.</summary>
    private static readonly Dictionary<string, string> Types = new()
    {
        ["VOID"] = "None",
        ["BOOL"] = "ctypes.c_int",
        ["INT"] = "ctypes.c_int",
        ["UINT"] = "ctypes.c_uint32",
        ["DWORD"] = "ctypes.c_uint32",
        ["DWORD_PTR"] = "ctypes.c_size_t",
        ["HCLIENT"] = "ctypes.c_void_p",
        ["HMESSAGE"] = "ctypes.c_void_p",
        ["LPVOID"] = "_Pointer",
        ["LPCVOID"] = "_Pointer",
        ["LPBYTE"] = "_Pointer",
        ["LPINT"] = "ctypes.POINTER(ctypes.c_int)",
        ["LPDWORD"] = "ctypes.POINTER(ctypes.c_uint32)",
        ["LPVOID*"] = "ctypes.POINTER(ctypes.c_void_p)",
        ["LPSTR"] = "_AnsiText",
        ["LPCSTR"] = "_AnsiText",
        ["LPWSTR"] = "_WideText",
        ["LPCWSTR"] = "_WideText",
    };

    /// <summary>Struct fields and callback parameters must be plain ctypes types: these override <see cref="Types"/>.</summary>
    private static readonly Dictionary<string, string> FieldTypes = new(Types)
    {
        ["LPVOID"] = "ctypes.c_void_p",
        ["LPCVOID"] = "ctypes.c_void_p",
        ["LPBYTE"] = "ctypes.c_void_p",
        ["LPSTR"] = "ctypes.c_char_p",
        ["LPCSTR"] = "ctypes.c_char_p",
        ["LPWSTR"] = "ctypes.POINTER(_WCHAR)",
        ["LPCWSTR"] = "ctypes.POINTER(_WCHAR)",
    };

    /// <summary>Fixed character arrays in structs.</summary>
    private static readonly Dictionary<string, string> ArrayTypes = new() { ["CHAR"] = "ctypes.c_char", ["WCHAR"] = "_WCHAR" };

    /// <summary>The failure value of each checked return type (spec §2); other types are never checked.</summary>
    private static readonly Dictionary<string, string> Failure = new()
    {
        ["HCLIENT"] = "0",
        ["HMESSAGE"] = "0",
        ["BOOL"] = "0",
        ["INT"] = "-1",
        ["DWORD"] = "0",
    };

    public static string Write(ApiModel model)
    {
        var args = new TypeMap("Python", model, Types, s => "LP" + s, c => $"_nullable({c})");
        var fields = new TypeMap("Python", model, FieldTypes, s => "LP" + s, c => c);
        var w = new StringBuilder(Preamble.Replace("@NOTICE@", FamilyShape.GeneratedNotice));
        w.Append($"\nSMTPNATIVE_VERSION_NUM = 0x{model.Version:X8}\n");
        foreach (var group in model.Groups)
        {
            w.Append($"\n# {group.Title}\n");
            foreach (var c in group.Constants)
                w.Append($"{c.Name} = 0x{c.Value:X8}{(c.Doc.Length > 0 ? "  # " + c.Doc : "")}\n");
        }

        foreach (var cb in model.Callbacks)
        {
            w.Append($"\n# {cb.Doc}\n");
            w.Append($"{cb.Name} = _FUNCTYPE({string.Join(", ", cb.Params.Select(p => p.CType).Prepend(cb.ReturnType).Select(t => fields[t]))})\n");
        }
        foreach (var st in model.Structs)
        {
            w.Append($"\n\nclass {st.Name}(ctypes.Structure):\n    \"\"\"{Quote(st.Doc)}\"\"\"\n    _fields_ = [\n");
            foreach (var f in st.Fields)
                w.Append($"        (\"{f.Name}\", {(f.ArrayLength > 0 ? $"{ArrayTypes[f.CType]} * {f.ArrayLength}" : fields[f.CType])}),\n");
            w.Append($"    ]\n\n\nLP{st.Name} = ctypes.POINTER({st.Name})\n");
        }
        foreach (var st in model.TextStructFamilies())
            w.Append($"{st.Family} = {st.Family}A  # the plain names are the A functions\nLP{st.Family} = LP{st.Family}A\n");

        w.Append("\n# Functions: every export under its C name. Text families have ...A, ...W and the plain name (= A).\n");
        foreach (var family in model.Families)
        {
            w.Append($"\n_doc = \"\"\"{Quote(string.Join("\n", DocText.Lines(family, 92)))}\"\"\"\n");
            foreach (var fn in family.Variants)
            {
                string types = string.Join(", ", fn.Params.Select(p => args[p.CType]));
                string fail = Failure.GetValueOrDefault(fn.ReturnType, "None");
                w.Append($"{fn.EntryPoint} = _bind(\"{fn.EntryPoint}\", {args[fn.ReturnType]}, [{types}], {fail}, _doc)\n");
            }
        }
        w.Append("\ndel _doc\n");
        return w.ToString();
    }

    private static string Quote(string doc) => doc.Replace("\\", "\\\\").Replace("\"\"\"", "\\\"\\\"\\\"");

    private const string Preamble = """"
# smtpnative.py - ctypes bindings for SmtpNative (libSmtpNative.so / SmtpNative.dll).
# @NOTICE@
"""SmtpNative for Python (ctypes).

    import smtpnative as smtp
    smtp.SmtpInitialize(None, None)
    client = smtp.SmtpConnect("127.0.0.1", 25, 10, smtp.SMTP_OPTION_NONE, None, None)
    smtp.SmtpSendMessage(client, "a@example.test", "b@example.test",
                         b"Subject: hi\r\n\r\nHello\r\n", 0, smtp.SMTP_MESSAGE_MEMORY)
    smtp.SmtpDisconnect(client)

Every export is here under its C name with argtypes and restype set. A call that fails (an
HCLIENT of 0, FALSE, SMTP_ERROR, a DWORD of 0 - each only when SmtpGetLastError() is not 0)
raises SmtpError, whose .code is the ST_ERROR_* value and whose message is the library's text.

Text: the A functions (and the plain names) take str (encoded as UTF-8; the ANSI code page on
Windows) or bytes; the W functions take str as UTF-16. Output text goes into a buffer from
ansi_buffer(n) / wide_buffer(n); get_text(function, *args) does the length query for
functions that end in (buffer, nMaxLength). Pointers (message bytes, file paths) take bytes,
str (encoded as for the A functions), a ctypes object or None.

Structs are ctypes.Structure classes under their C names (pass ctypes.byref(s)). Callbacks: wrap
a function in its type, e.g. proc = SMTPEVENTPROC(fn), and keep proc referenced while the library
may call it; None passes NULL (unregisters).

The library is loaded from $SMTPNATIVE_LIB, or by name (libSmtpNative.so through the loader's
search path; SmtpNative.dll on Windows).
"""
import ctypes
import os
import sys

WINDOWS = sys.platform == "win32"
ANSI_ENCODING = "mbcs" if WINDOWS else "utf-8"
INVALID_CLIENT = None
INVALID_MESSAGE = None
SMTP_ERROR = -1

_lib = (ctypes.WinDLL if WINDOWS else ctypes.CDLL)(
    os.environ.get("SMTPNATIVE_LIB") or ("SmtpNative.dll" if WINDOWS else "libSmtpNative.so"))
# Private function objects (_lib[name] makes a new one) for the error check: no errcheck of their own.
_last_error = _lib["SmtpGetLastError"]
_last_error.restype = ctypes.c_uint32
_last_error.argtypes = []
_error_text = _lib["SmtpGetErrorStringW"]
_error_text.restype = ctypes.c_int
_error_text.argtypes = [ctypes.c_uint32, ctypes.c_void_p, ctypes.c_int]

# W text is UTF-16: wchar_t on Windows, 16-bit units elsewhere (ctypes' c_wchar is 32-bit there).
_WCHAR = ctypes.c_wchar if WINDOWS else ctypes.c_uint16
# Callbacks are CALLBACK (__stdcall) on Windows, the C convention elsewhere.
_FUNCTYPE = ctypes.WINFUNCTYPE if WINDOWS else ctypes.CFUNCTYPE


def ansi_buffer(size):
    """A buffer of size chars for the output text of an A function."""
    return ctypes.create_string_buffer(size)


def wide_buffer(size):
    """A buffer of size UTF-16 units for the output text of a W function."""
    return (_WCHAR * size)()


def buffer_text(buffer):
    """The text in a buffer from ansi_buffer or wide_buffer, as str."""
    if isinstance(buffer, ctypes.Array) and buffer._type_ is ctypes.c_char:
        return buffer.value.decode(ANSI_ENCODING, "replace")
    if WINDOWS:
        return buffer.value
    units = bytes(buffer).decode("utf-16-le", "replace")
    return units.split("\0", 1)[0]


def get_text(function, *args):
    """Calls function(*args, buffer, nMaxLength) with a buffer of the length it asks for; returns str."""
    wide = function.__name__.endswith("W")
    size = function(*args, None, 0) + 1
    buffer = wide_buffer(size) if wide else ansi_buffer(size)
    function(*args, buffer, size)
    return buffer_text(buffer)


def error_string(code):
    """The library's text for an ST_ERROR_* code."""
    buffer = (_WCHAR * 512)()
    _error_text(code, buffer, 512)
    return buffer_text(buffer)


class SmtpError(Exception):
    """A failed SmtpNative call: .code is the ST_ERROR_* value, .function the export's name."""

    def __init__(self, code, function):
        self.code = code
        self.function = function
        super().__init__(f"{function} failed: 0x{code:08X} {error_string(code)}")


class _AnsiText:
    """char text (LPCSTR/LPSTR): str is encoded, bytes and ansi_buffer() pass as they are."""

    @classmethod
    def from_param(cls, value):
        if isinstance(value, str):
            value = value.encode(ANSI_ENCODING)
        return ctypes.c_char_p.from_param(value)


class _WideText:
    """UTF-16 text (LPCWSTR/LPWSTR): str is encoded, wide_buffer() passes as it is."""

    @classmethod
    def from_param(cls, value):
        if isinstance(value, str):
            if WINDOWS:
                return ctypes.c_wchar_p.from_param(value)
            value = ctypes.create_string_buffer(value.encode("utf-16-le") + b"\0\0")
        return value if value is not None else ctypes.c_void_p.from_param(None)


class _Pointer:
    """Memory (LPVOID/LPBYTE): bytes, str (encoded as for the A functions), a ctypes object or None."""

    @classmethod
    def from_param(cls, value):
        if isinstance(value, str):
            value = value.encode(ANSI_ENCODING)
        if isinstance(value, (ctypes.Array, ctypes._Pointer, ctypes.Structure)):
            return value
        return ctypes.c_void_p.from_param(value)


def _nullable(functype):
    """A callback argument: an instance of functype (keep a reference while registered) or None (NULL)."""
    class Callback:
        @classmethod
        def from_param(cls, value):
            return ctypes.c_void_p.from_param(None) if value is None else functype.from_param(value)
    return Callback


def _bind(name, restype, argtypes, failure, doc):
    function = getattr(_lib, name)
    function.restype = restype
    function.argtypes = argtypes
    function.__doc__ = doc
    if failure is not None:
        def check(result, func, args):
            if (result or 0) == failure:
                code = _last_error()
                if code:
                    raise SmtpError(code, name)
            return result
        function.errcheck = check
    return function

"""";
}
