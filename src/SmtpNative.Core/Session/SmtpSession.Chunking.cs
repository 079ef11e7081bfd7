using SmtpNative.Core.Protocol;
using SmtpNative.Core.Transport;

namespace SmtpNative.Core.Session;

/// <summary>CHUNKING (RFC 3030): each BDAT chunk is one write, and its reply is read before the next.</summary>
public sealed partial class SmtpSession
{
    private sealed class BdatChannel(SmtpSession session) : IBdatChannel
    {
        public void SendChunk(ReadOnlySpan<byte> chunk, bool last) => session.SendChunk(chunk, last);
    }

    private void SendChunk(ReadOnlySpan<byte> chunk, bool last)
    {
        var c = Live;
        c.Flush();
        c.Mode = WireMode.Command;
        BdatWriter.WriteCommand(c, chunk.Length, last);
        c.Mode = WireMode.Content;
        c.Write(chunk);
        c.Mode = WireMode.Command;
        c.Flush();
        ReadReplyCore(Reply);
        if (Reply.Code == 250)
            return;
        // The transaction failed at this chunk; RSET makes sure the server holds none of it.
        _tx = TransactionState.None;
        CommandWriter.AppendLine(c, "RSET");
        c.Flush();
        ReadReplyCore(_scratch);
        throw Rejected(SmtpError.CommandRejected, last ? "The server refused the message" : "The server refused a BDAT chunk");
    }
}
