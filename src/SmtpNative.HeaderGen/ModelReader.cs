using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml.Linq;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;

namespace SmtpNative.HeaderGen;

/// <summary>
/// Builds the <see cref="ApiModel"/> from the compiled library: every [UnmanagedCallersOnly] method
/// of SmtpNative.Exports, C types from [CType] or from the Hungarian prefix of the parameter name
/// (the original API's own convention), docs from the XML documentation files, and constants from
/// the engine's enums.
/// </summary>
public static class ModelReader
{
    /// <summary>The enums that become constant groups, with their C prefix. Order = order in the header.</summary>
    private static readonly (Type Enum, string Prefix, string Title)[] ConstantEnums =
    [
        (typeof(SmtpError), "ST_ERROR_", "Error codes (SmtpGetLastError). HRESULT layout; append-only."),
        (typeof(SmtpOptions), "SMTP_OPTION_", "Connection options (SmtpConnect dwOptions)."),
        (typeof(SmtpMessageSource), "SMTP_MESSAGE_", "Message sources (SmtpSendMessage / SmtpAppendMessage dwOptions)."),
        (typeof(SmtpExtensions), "SMTP_EXTOPT_", "Extensions the server offers (SmtpGetExtendedOptions)."),
        (typeof(SmtpNative.Core.Auth.SmtpAuthType), "SMTP_AUTH_", "Authentication mechanisms (SmtpAuthenticate nAuthType)."),
        (typeof(SmtpNative.Core.Transport.SecurityProtocol), "SECURITY_PROTOCOL_", "TLS versions (SECURITYINFO dwProtocol)."),
        (typeof(SmtpNative.Core.Transport.CertificateStatus), "SECURITY_CERT_", "Server certificate status bits (SECURITYINFO dwCertStatus)."),
        (typeof(SmtpStatus), "SMTP_STATUS_", "What a client handle is doing (SmtpGetStatus)."),
        (typeof(SmtpEvent), "SMTP_EVENT_", "Events (SmtpRegisterEvent nEventId)."),
        (typeof(SmtpNotify), "SMTP_NOTIFY_", "DSN notifications (SmtpSetDeliveryOptions)."),
        (typeof(SmtpReturn), "SMTP_RETURN_", "DSN return of content (SmtpSetDeliveryOptions)."),
        (typeof(SmtpTraceFlags), "SMTP_TRACE_", "Trace options (SmtpEnableTrace dwTraceFlags)."),
        (typeof(SmtpNative.Core.Delivery.DeliveryStatus), "SMTP_DELIVERY_", "Per-recipient outcome of SmtpDeliverMessage (SmtpGetDeliveryResult)."),
        (typeof(SmtpNative.Core.Mime.MimeCharset), "MIME_CHARSET_", "Character sets (MimeComposeMessage nCharSet)."),
        (typeof(SmtpNative.Core.Mime.MimeEncoding), "MIME_ENCODING_", "Body transfer encodings (MimeComposeMessage nEncoding)."),
        (typeof(SmtpNative.Core.Mime.MimeAttach), "MIME_ATTACH_", "Attachment encodings (MimeAttachFile dwOptions)."),
        (typeof(SmtpNative.Core.Mime.MimeStorage), "MIME_EXPORT_", "Where a message is exported to or imported from (MimeExportMessageEx, MimeImportMessage)."),
        (typeof(SmtpNative.Core.Mime.MimeOption), "MIME_OPTION_", "Import and export options."),
    ];

    /// <summary>C names that the PascalCase rule cannot produce.</summary>
    private static readonly Dictionary<string, string> NameOverrides = new()
    {
        ["SMTP_EXTOPT_EIGHTBITMIME"] = "SMTP_EXTOPT_8BITMIME",
        ["MIME_CHARSET_ISO88591"] = "MIME_CHARSET_ISO_8859_1",
        ["MIME_ENCODING_SEVEN_BIT"] = "MIME_ENCODING_7BIT",
        ["MIME_ENCODING_EIGHT_BIT"] = "MIME_ENCODING_8BIT",
    };

    private static readonly string[] SectionOrder = ["LibraryExports", "ConnectionExports"];

    public static ApiModel Read()
    {
        var exports = typeof(SmtpNative.Exports.LibraryExports).Assembly;
        var docs = LoadDocs(exports).Concat(LoadDocs(typeof(SmtpError).Assembly)).ToDictionary(p => p.Key, p => p.Value);
        uint version = (uint)exports.GetType("SmtpNative.Interop.Library")!
            .GetField("Version", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetRawConstantValue()!;

        var functions = new List<(string Section, MethodInfo Method, string EntryPoint)>();
        foreach (var type in exports.GetTypes().Where(t => t.Namespace == "SmtpNative.Exports")
                     .OrderBy(t => Array.IndexOf(SectionOrder, t.Name) is var i and >= 0 ? i : SectionOrder.Length)
                     .ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var m in type.GetMethods(BindingFlags.Static | BindingFlags.Public).OrderBy(m => m.MetadataToken))
            {
                var uco = m.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(UnmanagedCallersOnlyAttribute));
                if (uco is null) continue;
                string entry = (string)uco.NamedArguments.First(a => a.MemberName == "EntryPoint").TypedValue.Value!;
                functions.Add((type.Name, m, entry));
            }
        }

        var names = functions.Select(f => f.EntryPoint).ToHashSet(StringComparer.Ordinal);
        var families = new List<ApiFamily>();
        var byFamily = new Dictionary<string, List<(ApiFunction Fn, MethodInfo Method, string Section)>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (section, method, entry) in functions)
        {
            string family = entry;
            var form = CharForm.None;
            if (entry.EndsWith('A') && names.Contains(entry[..^1] + "W")) { family = entry[..^1]; form = CharForm.Ansi; }
            else if (entry.EndsWith('W') && names.Contains(entry[..^1] + "A")) { family = entry[..^1]; form = CharForm.Wide; }
            else if (names.Contains(entry + "A") && names.Contains(entry + "W")) form = CharForm.PlainAlias;
            var fn = new ApiFunction(entry, form, ReturnType(method),
                method.GetParameters().Select(p => new ApiParam(p.Name!, Resolve(ParamType(p), form))).ToList());
            if (!byFamily.TryGetValue(family, out var list))
            {
                byFamily[family] = list = [];
                order.Add(family);
            }
            list.Add((fn, method, section));
        }
        foreach (var family in order)
        {
            var list = byFamily[family];
            var doc = list.Select(v => docs.GetValueOrDefault(DocId(v.Method))).FirstOrDefault(d => d is not null) ?? Doc.Empty;
            families.Add(new ApiFamily(family, list[0].Section, doc, list.Select(v => v.Fn).ToList()));
        }

        var groups = ConstantEnums.Select(e => ReadGroup(e.Enum, e.Prefix, e.Title, docs)).ToList();
        return new ApiModel(version, groups, families, ReadStructs(exports, docs), ReadCallbacks(exports, docs));
    }

    private static string? AttributeName(MemberInfo type, string attribute) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == attribute)?.ConstructorArguments[0].Value as string;

    private static List<ApiStruct> ReadStructs(Assembly exports, Dictionary<string, Doc> docs)
    {
        var names = exports.GetTypes().Select(t => AttributeName(t, "CStructAttribute")).OfType<string>().ToHashSet();
        var result = new List<ApiStruct>();
        foreach (var type in exports.GetTypes().OrderBy(t => t.MetadataToken))
        {
            if (AttributeName(type, "CStructAttribute") is not { } name) continue;
            var form = CharForm.None;
            string family = name;
            if (name.EndsWith('A') && names.Contains(name[..^1] + "W")) { form = CharForm.Ansi; family = name[..^1]; }
            else if (name.EndsWith('W') && names.Contains(name[..^1] + "A")) { form = CharForm.Wide; family = name[..^1]; }
            var fields = new List<ApiField>();
            foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public).OrderBy(f => f.MetadataToken))
            {
                var fixedBuffer = f.GetCustomAttribute<System.Runtime.CompilerServices.FixedBufferAttribute>();
                if (fixedBuffer is not null)
                {
                    string element = fixedBuffer.ElementType == typeof(char) ? "WCHAR" : fixedBuffer.ElementType == typeof(byte) ? "CHAR"
                        : throw new InvalidOperationException($"{type.Name}.{f.Name}: fixed buffers must be byte or char");
                    fields.Add(new ApiField(f.Name, element, fixedBuffer.Length));
                    continue;
                }
                fields.Add(new ApiField(f.Name, Resolve(Explicit(f) ?? DefaultType(f.FieldType, f.Name, $"{type.Name}.{f.Name}"), form), 0));
            }
            result.Add(new ApiStruct(name, family, form, docs.GetValueOrDefault("T:" + type.FullName)?.Summary ?? "", fields));
        }
        return result;
    }

    private static List<ApiCallback> ReadCallbacks(Assembly exports, Dictionary<string, Doc> docs)
    {
        var result = new List<ApiCallback>();
        foreach (var type in exports.GetTypes().OrderBy(t => t.MetadataToken))
        {
            if (AttributeName(type, "CCallbackAttribute") is not { } name) continue;
            var invoke = type.GetMethod("Invoke")!;
            result.Add(new ApiCallback(name, docs.GetValueOrDefault("T:" + type.FullName)?.Summary ?? "", ReturnType(invoke),
                invoke.GetParameters().Select(p => new ApiParam(p.Name!, ParamType(p))).ToList()));
        }
        return result;
    }

    private static ConstantGroup ReadGroup(Type enumType, string prefix, string title, Dictionary<string, Doc> docs)
    {
        var constants = new List<ApiConstant>();
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken))
        {
            object raw = field.GetRawConstantValue()!;
            long value = Convert.ToInt64(raw);
            if (enumType == typeof(SmtpError) && value == 0) continue;
            string name = prefix + UpperSnake(field.Name);
            name = NameOverrides.GetValueOrDefault(name, name);
            string doc = enumType == typeof(SmtpError)
                ? SmtpErrorText.For((SmtpError)raw)
                : docs.GetValueOrDefault($"F:{enumType.FullName}.{field.Name}")?.Summary ?? "";
            constants.Add(new ApiConstant(name, value, doc));
        }
        bool hex = enumType == typeof(SmtpError) || enumType.IsDefined(typeof(FlagsAttribute), false);
        return new ConstantGroup(title, "DWORD", hex, constants);
    }

    public static string UpperSnake(string pascal)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1])))
                sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    private static string? Explicit(ICustomAttributeProvider p) =>
        p.GetCustomAttributes(false).OfType<Attribute>().Where(a => a.GetType().Name == "CTypeAttribute")
            .Select(a => (string)a.GetType().GetProperty("Name")!.GetValue(a)!).FirstOrDefault();

    private static string ReturnType(MethodInfo m)
    {
        string? explicitType = Explicit(m.ReturnParameter);
        if (explicitType is not null) return explicitType;
        var t = m.ReturnType;
        if (t == typeof(void)) return "VOID";
        if (t == typeof(int)) return "INT";
        if (t == typeof(uint)) return "DWORD";
        if (t == typeof(nint)) return "LPVOID";
        throw new InvalidOperationException($"{m.DeclaringType!.Name}.{m.Name}: no C type for return type {t}; add [return: CType(...)]");
    }

    /// <summary>The C type by the original API's Hungarian naming, unless [CType] says otherwise.</summary>
    private static string ParamType(ParameterInfo p)
    {
        return Explicit(p) ?? DefaultType(p.ParameterType, p.Name!, $"{p.Member.DeclaringType!.Name}.{p.Member.Name}({p.Name})");
    }

    /// <summary>The Hungarian rule shared by parameters and struct fields.</summary>
    private static string DefaultType(Type t, string n, string where)
    {
        if (t.IsPointer && AttributeName(t.GetElementType()!, "CStructAttribute") is { } structName) return "LP" + structName;
        if (t == typeof(nint))
            return n == "hClient" ? "HCLIENT" : n == "hMessage" ? "HMESSAGE" : n.StartsWith("dw") ? "DWORD_PTR" : "LPVOID";
        if (t == typeof(nuint)) return "DWORD_PTR";
        if (t == typeof(uint)) return n.StartsWith("n") ? "UINT" : "DWORD";
        if (t == typeof(int)) return n.StartsWith("b") ? "BOOL" : "INT";
        if (t == typeof(byte*)) return n.StartsWith("lpsz") ? "LPCTSTR" : "LPBYTE";
        if (t == typeof(char*)) return n.StartsWith("lpsz") ? "LPCTSTR" : "LPWSTR";
        if (t == typeof(void*)) return n.StartsWith("lpc") ? "LPCVOID" : "LPVOID";
        if (t == typeof(uint*)) return "LPDWORD";
        if (t == typeof(int*)) return "LPINT";
        if (t == typeof(bool)) throw new InvalidOperationException($"{where}: bool is not blittable; use int (BOOL)");
        throw new InvalidOperationException($"{where}: no C type for {t}; add [CType(...)]");
    }

    /// <summary>"T" types take the variant's form: LPCTSTR is LPCSTR in the A function and LPCWSTR in the W one.</summary>
    private static string Resolve(string type, CharForm form) => type switch
    {
        "LPTSTR" => form == CharForm.Wide ? "LPWSTR" : "LPSTR",
        "LPCTSTR" => form == CharForm.Wide ? "LPCWSTR" : "LPCSTR",
        _ => type,
    };

    private static string DocId(MethodInfo m)
    {
        var ps = m.GetParameters();
        string args = ps.Length == 0 ? "" : "(" + string.Join(",", ps.Select(p => p.ParameterType.FullName)) + ")";
        return $"M:{m.DeclaringType!.FullName}.{m.Name}{args}";
    }

    private static Dictionary<string, Doc> LoadDocs(Assembly assembly)
    {
        var result = new Dictionary<string, Doc>(StringComparer.Ordinal);
        string path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
            throw new FileNotFoundException($"XML documentation of {assembly.GetName().Name} not found", path);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            string id = member.Attribute("name")!.Value;
            var ps = member.Elements("param").ToDictionary(e => e.Attribute("name")!.Value, e => Text(e));
            result[id] = new Doc(Text(member.Element("summary")), ps, member.Element("returns") is { } r ? Text(r) : null);
        }
        return result;
    }

    /// <summary>Element text with whitespace folded; see/paramref elements become their names.</summary>
    private static string Text(XElement? e)
    {
        if (e is null) return "";
        var sb = new StringBuilder();
        foreach (var node in e.DescendantNodes())
        {
            if (node is XText t) sb.Append(t.Value);
            else if (node is XElement { Name.LocalName: "see" or "paramref" } x)
                sb.Append((x.Attribute("cref")?.Value ?? x.Attribute("name")?.Value ?? "").Split('.').Last());
        }
        return string.Join(' ', sb.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
