namespace SmtpNative.Interop;

/// <summary>The per-thread last error of the original API (SmtpGetLastError / DnsGetLastError / MimeGetLastError).</summary>
internal static class LastError
{
    [ThreadStatic] private static uint t_code;

    public static uint Code
    {
        get => t_code;
        set => t_code = value;
    }
}
