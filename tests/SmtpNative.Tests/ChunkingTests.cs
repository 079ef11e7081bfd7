using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Protocol;
using SmtpNative.Core.Session;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>
/// CHUNKING/BDAT. None of the real servers available here offers CHUNKING (aiosmtpd, SmtpServer and
/// smtp-sink do not; Postfix's smtpd needs a whole mail system, and Exim conflicts with the postfix
/// package), so these run against tests/servers/scripted_server.py --chunking.
/// </summary>
public class ChunkingTests
{
    private static SmtpSession Connect(int port, SmtpOptions options = SmtpOptions.None) =>
        SmtpSession.Connect("127.0.0.1", port, 10, options, "client.test");

    private static (byte[] Sloppy, byte[] Canonical) BigMessage()
    {
        var sloppy = new StringBuilder("Subject: chunks\n\n");
        var canonical = new StringBuilder("Subject: chunks\r\n\r\n");
        for (int i = 0; i < 3000; i++)
        {
            string line = (i % 5 == 0 ? "." : "") + $"line {i} " + new string('y', 60);
            sloppy.Append(line).Append(i % 2 == 0 ? "\n" : "\r\n");
            canonical.Append(line).Append("\r\n");
        }
        return (Encoding.ASCII.GetBytes(sloppy.ToString()), Encoding.ASCII.GetBytes(canonical.ToString()));
    }

    [Fact]
    public void BDAT_carries_canonical_content_without_dot_stuffing_in_write_sized_chunks()
    {
        using var server = new ScriptedServer("none", "--chunking");
        using var session = Connect(server.Port);
        Assert.True(session.Capabilities.Has(SmtpExtensions.Chunking));
        var (sloppy, canonical) = BigMessage();
        int full = canonical.Length / BdatWriter.ChunkSize;
        Assert.True(full >= 2);
        session.TraceId = 920001;
        var lines = new List<string>();
        ProtocolTrace.SetCallback((id, line) => { if (id == 920001) lock (lines) lines.Add(line); });
        try
        {
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(sloppy));
        }
        finally
        {
            ProtocolTrace.SetCallback(null);
        }
        Assert.Equal(canonical, Assert.Single(server.MessageBytes()));   // dots are not doubled, no end mark
        Assert.DoesNotContain("C: DATA", lines);
        Assert.Equal(full, lines.Count(l => l == $"C: BDAT {BdatWriter.ChunkSize}"));
        Assert.Contains($"C: BDAT {canonical.Length - full * BdatWriter.ChunkSize} LAST", lines);
        Assert.Equal(sloppy.Length, session.Transfer.BytesCopied);   // counted as the caller passed it
    }

    [Fact]
    public void NOCHUNKING_uses_DATA_and_the_server_gets_the_same_bytes()
    {
        using var server = new ScriptedServer("none", "--chunking");
        var (sloppy, canonical) = BigMessage();
        using (var session = Connect(server.Port, SmtpOptions.Nochunking))
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(sloppy));
        using (var session = Connect(server.Port))
            session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(sloppy));
        var messages = server.MessageBytes();
        Assert.Equal(2, messages.Count);
        Assert.Equal(canonical, messages[0]);
        Assert.Equal(canonical, messages[1]);
    }

    [Fact]
    public void Staged_BDAT_split_anywhere_and_an_empty_message()
    {
        using var server = new ScriptedServer("none", "--chunking");
        using var session = Connect(server.Port);
        var (sloppy, canonical) = BigMessage();
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        for (int i = 0; i < sloppy.Length; i += 1000)
            session.AppendContent(MessageContent.FromMemory(sloppy.AsSpan(i, Math.Min(1000, sloppy.Length - i))));
        session.CloseMessage();
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        session.CloseMessage();   // BDAT 0 LAST
        var messages = server.MessageBytes();
        Assert.Equal(canonical, messages[0]);
        Assert.Empty(messages[1]);
    }

    [Fact]
    public void Bad_content_in_BDAT_is_abandoned_with_RSET_and_the_connection_stays()
    {
        using var server = new ScriptedServer("none", "--chunking");
        using var session = Connect(server.Port);
        session.CreateMessage("a@x.test", 0);
        session.AddRecipient("b@x.test");
        session.AppendContent(MessageContent.FromMemory(new byte[BdatWriter.ChunkSize + 10].Select(_ => (byte)'x').Chunk(100)
            .SelectMany(c => c.Concat("\r\n"u8.ToArray())).ToArray()));
        var e = Assert.Throws<SmtpException>(() => session.AppendContent(MessageContent.FromMemory("bad\0byte"u8)));
        Assert.Equal(SmtpError.InvalidMessage, e.Code);
        Assert.True(session.IsConnected);
        Assert.False(session.InTransaction);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: ok\r\n\r\nok\r\n"u8));
        Assert.Equal("Subject: ok\r\n\r\nok\r\n", Assert.Single(server.Messages()));
    }

    [Fact]
    public void A_refused_chunk_fails_the_message_and_the_connection_stays()
    {
        using var server = new ScriptedServer("none", "--chunking", "--max-size", "100000");
        using var session = Connect(server.Port);
        var (sloppy, _) = BigMessage();
        var e = Assert.Throws<SmtpException>(() => session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory(sloppy)));
        Assert.Equal(SmtpError.CommandRejected, e.Code);
        Assert.Equal(552, session.Reply.Code);
        Assert.True(session.IsConnected);
        session.SendMessage("a@x.test", "b@x.test", MessageContent.FromMemory("Subject: small\r\n\r\nx\r\n"u8));
        Assert.Equal("Subject: small\r\n\r\nx\r\n", Assert.Single(server.Messages()));
    }
}
