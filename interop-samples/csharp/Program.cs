// Program.cs - SmtpNative from C# through the generated [LibraryImport] declarations.
//
//   dotnet run -- <host> <port> <user> <password>
//
// Authenticates (a wrong password first: SmtpException), sends one message to two recipients (the server refuses one), shows each recipient's answer,
// then shows how a failure is reported: a message whose every recipient is refused.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SmtpNative.Bindings;
using static SmtpNative.Bindings.Smtp;

internal static class Program
{
    private static unsafe int Main(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: SmtpNativeSample host port user password");
            return 2;
        }

        // Optional: load the library from an explicit path instead of the loader's search path.
        if (Environment.GetEnvironmentVariable("SMTPNATIVE_LIB") is { Length: > 0 } path)
            NativeLibrary.SetDllImportResolver(Assembly.GetExecutingAssembly(),
                (name, _, _) => name == Smtp.Library ? NativeLibrary.Load(path) : 0);

        if (SmtpGetVersion() != SMTPNATIVE_VERSION_NUM)
            throw new InvalidOperationException("the bindings and the library are different versions");
        if (SmtpInitialize(null, null) == 0)
            throw new SmtpException("SmtpInitialize");

        nint client = SmtpConnect(args[0], uint.Parse(args[1]), 10, SMTP_OPTION_NONE, null, null);
        if (client == INVALID_CLIENT)
            throw new SmtpException("SmtpConnect");
        try
        {
            if (SmtpAuthenticate(client, SMTP_AUTH_DEFAULT, args[2], "not the password") != SMTP_ERROR)
                return 1;
            var refused = new SmtpException("SmtpAuthenticate");
            Console.WriteLine($"expected failure: {refused.Message}");
            if (refused.Code != ST_ERROR_AUTHENTICATION_FAILED)
                return 1;
            if (SmtpAuthenticate(client, SMTP_AUTH_DEFAULT, args[2], args[3]) == SMTP_ERROR)
                throw new SmtpException("SmtpAuthenticate");

            // A callback (a function pointer to an [UnmanagedCallersOnly] method) reading a struct.
            Check(SmtpRegisterEvent(client, SMTP_EVENT_PROGRESS, &OnProgress, 42), "SmtpRegisterEvent");
            byte[] message = Encoding.UTF8.GetBytes("From: <sender@example.test>\r\nTo: <alice@example.test>\r\n" +
                                                    "Subject: SmtpNative C# sample\r\n\r\nSent by the C# sample.\r\n");
            Send(client, "alice@example.test, reject-bob@example.test", message);
            Console.WriteLine($"progress: {s_progressBytes} bytes, parameter {s_progressParam}");
            if (s_progressBytes != message.Length || s_progressParam != 42)
                return 1;
            Check(SmtpRegisterEvent(client, SMTP_EVENT_PROGRESS, null, 0), "SmtpRegisterEvent");
            Console.WriteLine($"sent: {SmtpGetResultCode(client)} {Text((b, n) => SmtpGetResultString(client, b, n))}");
            int count = SmtpGetRecipientStatus(client, -1, null, 0, null);
            for (int i = 0; i < count; i++)
            {
                int code = 0;
                string address = Text((b, n) => { int c; int r = SmtpGetRecipientStatus(client, i, b, n, &c); code = c; return r; });
                Console.WriteLine($"  {address}: {code}");
            }

            // The staged API: a second message built in pieces; a refused recipient fails its own call only.
            Check(SmtpCreateMessage(client, "sender@example.test", 0, 0), "SmtpCreateMessage");
            Check(SmtpAddRecipient(client, "alice@example.test"), "SmtpAddRecipient");
            if (SmtpAddRecipient(client, "reject-dave@example.test") != SMTP_ERROR)
                return 1;
            var refusedRecipient = new SmtpException("SmtpAddRecipient");
            Console.WriteLine($"expected failure: {refusedRecipient.Message}");
            if (refusedRecipient.Code != ST_ERROR_RECIPIENT_REJECTED)
                return 1;
            foreach (string part in (string[])["From: <sender@example.test>\r\nTo: <alice@example.test>\r\n",
                                               "Subject: SmtpNative C# sample (staged)\r\n\r\nWritten in pieces.\r\n"])
            {
                byte[] bytes = Encoding.UTF8.GetBytes(part);
                fixed (byte* p = bytes)
                    Check(SmtpWrite(client, p, bytes.Length), "SmtpWrite");
            }
            Check(SmtpCloseMessage(client), "SmtpCloseMessage");
            Console.WriteLine($"staged message: {SmtpGetResultCode(client)}");

            try
            {
                Send(client, "reject-carol@example.test", "Subject: never sent\r\n\r\nx\r\n"u8.ToArray());
                Console.Error.WriteLine("a message to refused recipients was accepted");
                return 1;
            }
            catch (SmtpException e) when (e.Code == ST_ERROR_NO_VALID_RECIPIENTS)
            {
                Console.WriteLine($"expected failure: {e.Message} (server said {SmtpGetResultCode(client)})");
            }
        }
        finally
        {
            SmtpDisconnect(client);
            SmtpUninitialize();
        }
        return 0;
    }

    private static uint s_progressBytes;
    private static nuint s_progressParam;

    // An SMTPEVENTPROC: runs inside the send, may read the transfer status of its handle.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static unsafe void OnProgress(nint client, uint eventId, uint error, nuint param)
    {
        SMTPTRANSFERSTATUS status;
        if (SmtpGetTransferStatus(client, &status) != SMTP_ERROR)
            (s_progressBytes, s_progressParam) = (status.dwBytesCopied, param);
    }

    private static void Check(int result, string function)
    {
        if (result == SMTP_ERROR) throw new SmtpException(function);
    }

    private static unsafe void Send(nint client, string recipients, byte[] message)
    {
        fixed (byte* p = message)
            if (SmtpSendMessage(client, "sender@example.test", recipients, p, (uint)message.Length, SMTP_MESSAGE_MEMORY) == SMTP_ERROR)
                throw new SmtpException("SmtpSendMessage");
    }

    // The output-buffer rule: ask for the length with a NULL buffer, then fetch.
    private static unsafe string Text(TextGetter get)
    {
        int length = get(null, 0);
        if (length == SMTP_ERROR) throw new SmtpException("length query");
        char[] buffer = new char[length + 1];
        fixed (char* p = buffer)
            if (get(p, buffer.Length) == SMTP_ERROR) throw new SmtpException("text");
        return new string(buffer, 0, length);
    }
}

internal unsafe delegate int TextGetter(char* buffer, int size);

/// <summary>A failed call: the ST_ERROR_* code from SmtpGetLastError and the library's text for it.</summary>
internal sealed class SmtpException(string function, uint code) : Exception($"{function} failed: 0x{code:X8} {Describe(code)}")
{
    public SmtpException(string function) : this(function, SmtpGetLastError()) { }

    public uint Code { get; } = code;

    private static unsafe string Describe(uint code)
    {
        char* text = stackalloc char[256];
        int length = SmtpGetErrorString(code, text, 256);
        return length > 0 ? new string(text, 0, length) : "";
    }
}
