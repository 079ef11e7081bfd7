using System.Runtime.InteropServices;
using SmtpNative.Interop;

namespace SmtpNative.Exports;

/// <summary>
/// One message of SmtpSendMessageBatch. In: lpszFrom = envelope sender as for SmtpSendMessage (NULL = the
/// null sender); lpszRecipient = every envelope recipient, separated by commas or semicolons;
/// lpvMessage = the message bytes (SMTP_MESSAGE_MEMORY) or the path of a file (SMTP_MESSAGE_FILE, text of
/// the struct's character type, streamed, never read whole); dwMessageSize = size in bytes for
/// SMTP_MESSAGE_MEMORY (0 = NUL-terminated text); dwOptions = SMTP_MESSAGE_MEMORY or SMTP_MESSAGE_FILE.
/// Out: dwResult = 0 when the server accepted the message, else its ST_ERROR_* code; nResultCode = the
/// server's last reply for it (250, 550, ...; 0 when it was refused before anything was sent).
/// Nothing is copied: every pointer must stay valid until the call returns.
/// </summary>
[CStruct("SMTPBATCHMESSAGEA")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct BatchMessageA
{
    public byte* lpszFrom;
    public byte* lpszRecipient;
    [CType("LPCVOID")] public void* lpvMessage;
    public uint dwMessageSize;
    public uint dwOptions;
    public uint dwResult;
    public int nResultCode;
}

/// <summary>SMTPBATCHMESSAGEA with UTF-16 text (same layout: only the type of the text pointers differs).</summary>
[CStruct("SMTPBATCHMESSAGEW")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct BatchMessageW
{
    public char* lpszFrom;
    public char* lpszRecipient;
    [CType("LPCVOID")] public void* lpvMessage;
    public uint dwMessageSize;
    public uint dwOptions;
    public uint dwResult;
    public int nResultCode;
}
