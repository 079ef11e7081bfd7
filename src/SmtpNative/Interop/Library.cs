using SmtpNative.Core;

namespace SmtpNative.Interop;

/// <summary>
/// The library's one reference count, shared by SmtpInitialize, DnsInitialize and MimeInitialize
/// (one library, one lifetime): each successful Initialize adds a reference, each Uninitialize
/// drops one, and the last one closes every HCLIENT and HMESSAGE the process still holds.
/// </summary>
internal static class Library
{
    /// <summary>Version of this build: major &lt;&lt; 16 | minor &lt;&lt; 8 | patch. SMTPNATIVE_VERSION_NUM in the header.</summary>
    public const uint Version = 0x00010000;

    private static int s_references;

    public static bool IsInitialized => Volatile.Read(ref s_references) > 0;

    public static void Initialize() => Interlocked.Increment(ref s_references);

    /// <summary>Drops one reference; the last one closes every handle the process still holds.</summary>
    public static void Uninitialize()
    {
        int left;
        do
        {
            left = Volatile.Read(ref s_references);
            if (left == 0) return;
        }
        while (Interlocked.CompareExchange(ref s_references, left - 1, left) != left);
        if (left == 1)
        {
            Clients.CloseAll();
            Messages.CloseAll();
            Credentials.DeleteAll();
        }
    }

    /// <summary>First statement of every export that needs the library: clears the last error, checks initialization.</summary>
    public static void Enter()
    {
        LastError.Code = 0;
        if (!IsInitialized)
            throw new SmtpException(SmtpError.NotInitialized);
    }
}
