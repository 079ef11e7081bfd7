using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>An in-memory batch that records the result of each message.</summary>
internal sealed class Batch((string From, string To, string Body)[] messages) : IMessageBatch
{
    private readonly byte[][] _bytes = messages.Select(m => Encoding.ASCII.GetBytes(m.Body)).ToArray();
    public readonly (SmtpError Error, int Code)[] Results = Enumerable.Repeat((SmtpError.InternalError, -1), messages.Length).ToArray();
    public int Count => messages.Length;
    public string Sender(int index) => messages[index].From;
    public string Recipients(int index) => messages[index].To;
    public MessageContent Content(int index) => MessageContent.FromMemory(_bytes[index]);
    public void Complete(int index, SmtpError error, int replyCode) => Results[index] = (error, replyCode);
}

/// <summary>SmtpSession.SendBatch (behind SmtpSendMessageBatch) against real servers, with and without PIPELINING.</summary>
public class BatchTests
{
    /// <summary>Accepted, partly refused, wholly refused, refused locally (address, content), null sender with bare LF.</summary>
    private static Batch Mixed() => new([
        ("a@x.test", "b@x.test", "Subject: 1\r\n\r\none\r\n"),
        ("a@x.test", "reject-1@x.test, c@x.test", "Subject: 2\r\n\r\n.two\r\n"),
        ("a@x.test", "reject-2@x.test; reject-3@x.test", "Subject: 3\r\n\r\nthree\r\n"),
        ("a@x.test", "bad\r\nRCPT TO:<evil@x.test>", "Subject: 4\r\n\r\nfour\r\n"),
        ("a@x.test", "d@x.test", "Subject: 5\r\n\r\nnul\0byte\r\n"),
        ("<>", "e@x.test", "Subject: 6\n\nsix\n"),
    ]);

    private static void AssertMixedResults(Batch batch, int accepted)
    {
        Assert.Equal(3, accepted);
        Assert.Equal((SmtpError.Success, 250), batch.Results[0]);
        Assert.Equal((SmtpError.Success, 250), batch.Results[1]);
        Assert.Equal(SmtpError.NoValidRecipients, batch.Results[2].Error);
        Assert.InRange(batch.Results[2].Code, 500, 599);
        Assert.Equal((SmtpError.InvalidAddress, 0), batch.Results[3]);
        Assert.Equal((SmtpError.InvalidMessage, 0), batch.Results[4]);
        Assert.Equal((SmtpError.Success, 250), batch.Results[5]);
    }

    private static void AssertMixedArrived(IReadOnlyList<ReceivedMessage> received)
    {
        Assert.Equal(4, received.Count);   // the three accepted, then the one sent after the batch
        Assert.Equal(["b@x.test"], received[0].Recipients);
        Assert.Equal("Subject: 1\r\n\r\none\r\n", received[0].Text);
        Assert.Equal(["c@x.test"], received[1].Recipients);
        Assert.Equal("Subject: 2\r\n\r\n.two\r\n", received[1].Text);   // dot-stuffed on the wire, unstuffed by the server
        Assert.Contains(received[2].From, new[] { null, "", "<>" });   // the null sender, as each server reports it
        Assert.Equal(["e@x.test"], received[2].Recipients);
        Assert.Equal("Subject: 6\r\n\r\nsix\r\n", received[2].Text);
        Assert.Equal("Subject: after\r\n\r\nstill in step\r\n", received[3].Text);
    }

    private static void SendMixedThenOneMore(int port, bool expectPipelining)
    {
        using var session = SmtpSession.Connect("127.0.0.1", port, 10, SmtpOptions.None, "client.test");
        Assert.Equal(expectPipelining, session.Capabilities.Has(SmtpExtensions.Pipelining));
        var batch = Mixed();
        AssertMixedResults(batch, session.SendBatch(batch));
        Assert.Equal(250, session.Reply.Code);   // the last message's final reply
        Assert.Equal(["e@x.test"], session.Recipients.Select(r => r.Address));
        // the connection is in step after refusals inside the pipeline
        session.SendMessage("a@x.test", "f@x.test", MessageContent.FromMemory("Subject: after\r\n\r\nstill in step\r\n"u8));
        session.Quit();
    }

    [Fact]
    public void SmtpServer_gets_every_accepted_message_of_a_pipelined_batch_with_a_result_for_each()
    {
        using var server = new InProcessServer();
        SendMixedThenOneMore(server.Port, expectPipelining: true);
        AssertMixedArrived(server.Messages.ToList());
    }

    [Fact]
    public void Without_pipelining_aiosmtpd_gets_the_batch_one_message_at_a_time_with_the_same_results()
    {
        using var server = new CaptureServer();   // aiosmtpd does not offer PIPELINING
        SendMixedThenOneMore(server.Port, expectPipelining: false);
        AssertMixedArrived(server.Messages());
    }

    [Fact]
    public void An_empty_batch_sends_nothing()
    {
        using var server = new CaptureServer();
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        Assert.Equal(0, session.SendBatch(new Batch([])));
        Assert.True(session.IsConnected);
        session.Quit();
        Assert.Empty(server.Messages());
    }

    [Fact]
    public void A_server_that_drops_the_connection_ends_the_batch_with_the_connection_error()
    {
        using var server = new CaptureServer();
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        server.Dispose();   // the server process is killed: the first write or read fails
        var batch = new Batch([("a@x.test", "b@x.test", "Subject: 1\r\n\r\none\r\n"), ("a@x.test", "b@x.test", "Subject: 2\r\n\r\ntwo\r\n")]);
        var e = Assert.Throws<SmtpException>(() => session.SendBatch(batch));
        Assert.Equal(SmtpError.ConnectionClosed, e.Code);
        Assert.False(session.IsConnected);
    }
}

/// <summary>Collection run alone, after the parallel ones: a trace switched on by another test (process-wide) would allocate.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    [Fact]
    public void Sending_allocates_nothing_per_message()
    {
        const int count = 2000;
        using var server = new SinkServer();   // smtp-sink: offers PIPELINING, fast enough for volume
        using var session = SmtpSession.Connect("127.0.0.1", server.Port, 10, SmtpOptions.None, "client.test");
        Assert.True(session.Capabilities.Has(SmtpExtensions.Pipelining));
        var body = Encoding.ASCII.GetBytes("Subject: alloc\r\n\r\n" + string.Concat(Enumerable.Repeat("a line of text\r\n.dot\r\n", 40)));
        var many = new Batch(Enumerable.Repeat(("a@x.test", "b@x.test", Encoding.ASCII.GetString(body)), count).ToArray());
        for (int i = 0; i < 50; i++)
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(body));   // warm up (JIT, first-use caches)
        session.SendBatch(new Batch([("a@x.test", "b@x.test", "x"), ("a@x.test", "b@x.test", "y")]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(body));
        long sendMessage = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(count, session.SendBatch(many));
        long sendBatch = GC.GetAllocatedBytesForCurrentThread() - before;
        session.Quit();

        // Under one byte per message: the smallest object is 24 bytes, so any allocation per message fails
        // this, while a one-off (a lazily made object, the batch's two envelopes) does not.
        Assert.True(sendMessage < count, $"SendMessage allocated {sendMessage} bytes for {count} messages");
        Assert.True(sendBatch < count, $"SendBatch allocated {sendBatch} bytes for {count} messages");
    }
}
