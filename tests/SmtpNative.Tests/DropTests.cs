using System.Diagnostics;
using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>A server that drops the connection at each stage: a clean error, then a usable next connection.</summary>
public class DropTests
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes("Subject: drop\r\n\r\nbody\r\n");

    [Theory]
    [InlineData("greeting")]
    [InlineData("ehlo")]
    [InlineData("mail")]
    [InlineData("rcpt")]
    [InlineData("data")]
    [InlineData("dot")]
    public void A_drop_at_each_stage_is_a_clean_error_and_the_next_connection_works(string stage)
    {
        using var server = new ScriptedServer(stage);
        var e = Assert.Throws<SmtpException>(() =>
        {
            using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.Nopipelining, "client.test");
            try
            {
                session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Body));
            }
            finally
            {
                Assert.False(session.IsConnected);
                Assert.Equal(SmtpStatus.Disconnected, session.Status);
            }
        });
        Assert.Equal(SmtpError.ConnectionClosed, e.Code);

        using var next = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        next.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Body));
        next.Quit();
        Assert.Equal("Subject: drop\r\n\r\nbody\r\n", Assert.Single(server.Messages()));
    }

    [Theory]
    [InlineData("mail")]
    [InlineData("rcpt")]
    [InlineData("data")]
    [InlineData("dot")]
    public void A_drop_during_a_staged_message_is_a_clean_error(string stage)
    {
        using var server = new ScriptedServer(stage);
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        var e = Assert.Throws<SmtpException>(() =>
        {
            session.CreateMessage("a@x.test", 0);
            session.AddRecipient("b@x.test");
            session.AppendContent(MessageContent.FromMemory(Body));
            session.CloseMessage();
        });
        Assert.Equal(SmtpError.ConnectionClosed, e.Code);
        Assert.False(session.IsConnected);
        Assert.False(session.InTransaction);
        Assert.Equal(SmtpError.NotConnected, Assert.Throws<SmtpException>(() => session.CreateMessage("a@x.test", 0)).Code);
    }

    [Fact]
    public void Cancel_from_another_thread_ends_a_blocked_call_quickly()
    {
        using var server = new ScriptedServer("hang");
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 30, SmtpOptions.None, "client.test");
        long canceledAt = 0;
        var events = new EventLog();
        session.Events = events;
        var canceler = new Thread(() =>
        {
            // Wait until MAIL FROM went out, then give the call time to block in the read of a reply that
            // never comes (this pause only sets the scene; the assertion is on cancel-to-return time).
            while (!events.Has(SmtpEvent.Write)) Thread.Sleep(1);
            Thread.Sleep(200);
            Assert.Equal(SmtpStatus.Command, session.Status);
            canceledAt = Stopwatch.GetTimestamp();
            session.Cancel();
        });
        canceler.Start();
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Body)));
        long returnedAt = Stopwatch.GetTimestamp();
        canceler.Join();
        Assert.Equal(SmtpError.OperationCanceled, e.Code);
        Assert.True(events.Has(SmtpEvent.Cancel));
        Assert.True(Stopwatch.GetElapsedTime(canceledAt, returnedAt) < TimeSpan.FromSeconds(2));
        Assert.False(session.IsConnected);
    }

    [Fact]
    public void A_server_that_never_answers_times_out()
    {
        using var server = new ScriptedServer("hang");
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 1, SmtpOptions.None, "client.test");
        var events = new EventLog();
        session.Events = events;
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(Body)));
        Assert.Equal(SmtpError.Timeout, e.Code);
        Assert.Contains((SmtpEvent.Timeout, SmtpError.Timeout), events.Seen);
        Assert.Contains((SmtpEvent.Disconnect, SmtpError.Success), events.Seen);
    }
}

/// <summary>Records the events a session raises.</summary>
public sealed class EventLog : ISessionEvents
{
    public List<(SmtpEvent Event, SmtpError Error)> Seen { get; } = [];
    public void Raise(SmtpEvent e, SmtpError error) { lock (Seen) Seen.Add((e, error)); }
    public bool Has(SmtpEvent e) { lock (Seen) return Seen.Any(s => s.Event == e); }
}
