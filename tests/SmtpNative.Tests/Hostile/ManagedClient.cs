using System.Diagnostics;
using SmtpNative.Core;
using SmtpNative.Core.Session;

namespace SmtpNative.Tests.Hostile;

/// <summary>
/// Plays the client lines of a case with the managed engine (the C runner, tests/abi/test_hostile_cases.c,
/// plays the same lines through libSmtpNative.so). Every call must end — with the expected outcome —
/// within its timeout plus <see cref="Slack"/>.
/// </summary>
public static class ManagedClient
{
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    /// <summary>Runs the case against a fresh scripted server; returns every failure (server's and client's).</summary>
    public static List<string> Run(HostileCase hostileCase)
    {
        using var server = new HostileServer(hostileCase.Path);
        var failures = new List<string>();
        s_messages.Clear();
        SmtpSession? session = null;
        int timeout = 20, cancelAfterMs = 0;
        try
        {
            foreach (var step in hostileCase.Steps)
            {
                switch (step.Verb)
                {
                    case "connect":
                        session?.Quit();   // a case with several connections: the previous one ends first
                        session?.Dispose();
                        timeout = int.Parse(step.Text(0));
                        var options = SmtpOptions.None;
                        string name = "client.test";
                        for (int i = 1; i < step.Args.Count; i++)
                        {
                            if (step.Text(i).StartsWith("opt=", StringComparison.Ordinal)) options = ParseOptions(step.Text(i)[4..]);
                            else name = step.Text(i);
                        }
                        Call(step, timeout, failures, () => session = SmtpSession.Connect("127.0.0.1", server.Port, timeout, options, name));
                        break;
                    case "auth":
                        if (session is null) { failures.Add("auth without a session"); break; }
                        var type = Enum.Parse<SmtpNative.Core.Auth.SmtpAuthType>(step.Text(0), ignoreCase: true);
                        var authenticating = session;
                        Call(step, timeout, failures, () => authenticating.Authenticate(type, step.Text(1), step.Text(2)),
                            cancelAfterMs, authenticating.Cancel);
                        cancelAfterMs = 0;
                        break;
                    case "secure":
                        if ((session?.IsEncrypted ?? false) != (step.Text(0) == "yes")) failures.Add($"secure: expected {step.Text(0)}");
                        break;
                    case "no-leak":
                        foreach (var said in s_messages.Append(session?.Reply.Text ?? ""))
                            if (said.Contains(step.Text(0), StringComparison.Ordinal)) failures.Add($"secret '{step.Text(0)}' appears in '{said}'");
                        break;
                    case "send":
                        if (session is null) { failures.Add("send without a session"); break; }
                        var sending = session;
                        Call(step, timeout, failures, () => sending.SendMessage(step.Text(0), step.Text(1), MessageContent.FromMemory(step.Args[2])),
                            cancelAfterMs, sending.Cancel);
                        cancelAfterMs = 0;
                        break;
                    case "cancel-after":
                        cancelAfterMs = int.Parse(step.Text(0));
                        break;
                    case "connected":
                        bool want = step.Text(0) == "yes";
                        if ((session?.IsConnected ?? false) != want) failures.Add($"connected: expected {step.Text(0)}");
                        break;
                    case "code":
                        if (session?.Reply.Code != int.Parse(step.Text(0))) failures.Add($"code: expected {step.Text(0)}, got {session?.Reply.Code}");
                        break;
                    case "text-is":
                        string expected = string.Join(' ', step.Args.Select(a => System.Text.Encoding.UTF8.GetString(a)));
                        if (session?.Reply.Text != expected) failures.Add($"text: expected '{expected}', got '{session?.Reply.Text}'");
                        break;
                    case "text-valid-utf8":
                        string text = session?.Reply.Text ?? "";
                        if (text.Any(char.IsControl) || text.Any(char.IsSurrogate)) failures.Add($"text has control characters or lone surrogates: '{text}'");
                        break;
                    case "messages":
                        break;   // checked against the server's result below
                    default:
                        failures.Add("unknown client verb " + step.Verb);
                        break;
                }
            }
        }
        finally
        {
            session?.Quit();
            session?.Dispose();
        }
        var result = server.Finish();
        failures.AddRange(result.Failures.Select(f => "server: " + f));
        foreach (var step in hostileCase.Steps.Where(s => s.Verb == "messages"))
            if (result.Messages.Count != int.Parse(step.Text(0)))
                failures.Add($"server received {result.Messages.Count} message(s), expected {step.Text(0)}");
        return failures;
    }

    /// <summary>
    /// Runs one call; with <paramref name="cancelAfterMs"/> &gt; 0, <paramref name="cancel"/> fires from
    /// another thread that long after the call starts, and the call must return within a second of it.
    /// </summary>
    private static void Call(ClientStep step, int timeout, List<string> failures, Action action, int cancelAfterMs = 0, Action? cancel = null)
    {
        using var canceler = cancelAfterMs > 0 ? new Timer(_ => cancel!(), null, cancelAfterMs, Timeout.Infinite) : null;
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            action();
            outcome = "ok";
        }
        catch (SmtpException e)
        {
            outcome = ErrorName(e.Code);
            s_messages.Add(e.Message);
        }
        catch (Exception e)
        {
            outcome = "unexpected " + e.GetType().Name + ": " + e.Message;
        }
        clock.Stop();
        string want = step.Outcome ?? "ok";
        if (outcome != want)
            failures.Add($"{step.Verb}: expected {want}, got {outcome}");
        if (clock.Elapsed > TimeSpan.FromSeconds(timeout) + Slack)
            failures.Add($"{step.Verb} took {clock.Elapsed.TotalSeconds:F1} s with a {timeout} s timeout");
        if (cancelAfterMs > 0 && clock.Elapsed > TimeSpan.FromMilliseconds(cancelAfterMs + 1000))
            failures.Add($"{step.Verb} took {clock.Elapsed.TotalSeconds:F1} s, canceled after {cancelAfterMs} ms");
    }

    [ThreadStatic] private static List<string>? t_messages;
    /// <summary>Error messages of this run's calls (no-leak checks them for secrets).</summary>
    private static List<string> s_messages => t_messages ??= [];

    /// <summary>"explicit+trusted" → SMTP_OPTION_SECURE_EXPLICIT | SMTP_OPTION_TRUSTEDSITE (same names in the C runner).</summary>
    public static SmtpOptions ParseOptions(string text)
    {
        var options = SmtpOptions.None;
        foreach (var name in text.Split('+'))
            options |= name switch
            {
                "explicit" => SmtpOptions.SecureExplicit,
                "implicit" => SmtpOptions.SecureImplicit,
                "fallback" => SmtpOptions.SecureFallback,
                "trusted" => SmtpOptions.Trustedsite,
                "nopipelining" => SmtpOptions.Nopipelining,
                _ => throw new FormatException("unknown option " + name),
            };
        return options;
    }

    /// <summary>The C name of an error without ST_ERROR_ (ProtocolError → PROTOCOL_ERROR).</summary>
    public static string ErrorName(SmtpError code)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in code.ToString())
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}
