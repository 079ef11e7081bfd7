using System.Runtime.InteropServices;

namespace SmtpNative.Interop;

/// <summary>The operating system's id of the calling thread (gettid on Linux, GetCurrentThreadId on Windows).</summary>
internal static partial class OsThread
{
    [ThreadStatic] private static uint t_id;

    public static uint CurrentId => t_id != 0 ? t_id : t_id = Query();

    private static uint Query()
    {
        if (OperatingSystem.IsWindows()) return GetCurrentThreadId();
        if (OperatingSystem.IsLinux()) return (uint)gettid();
        return (uint)Environment.CurrentManagedThreadId;
    }

    [LibraryImport("kernel32")]
    private static partial uint GetCurrentThreadId();

    [LibraryImport("libc")]
    private static partial int gettid();
}
