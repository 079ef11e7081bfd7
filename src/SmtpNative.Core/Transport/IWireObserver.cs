namespace SmtpNative.Core.Transport;

/// <summary>How bytes put in the write buffer are shown in a trace.</summary>
public enum WireMode : byte
{
    /// <summary>Command lines: shown as they are.</summary>
    Command,
    /// <summary>Message content: shown as a byte count, never as text.</summary>
    Content,
    /// <summary>Credentials or AUTH payloads: "AUTH MECH ****" or "****", never the bytes.</summary>
    Secret,
}

/// <summary>A span of the bytes of one network write and how it may be shown.</summary>
public readonly record struct WireSegment(int Start, int Length, WireMode Mode);

/// <summary>
/// Told about each network write and read of a connection (the session turns this into traces,
/// events and transfer statistics). Called on the thread doing the I/O.
/// </summary>
public interface IWireObserver
{
    /// <summary>True when <see cref="Sent"/> needs the segments (a trace is on); false keeps the write path free of bookkeeping.</summary>
    bool WantsSegments { get; }

    /// <summary>One write went out: <paramref name="data"/> with its segments (empty unless <see cref="WantsSegments"/>).</summary>
    void Sent(ReadOnlySpan<byte> data, ReadOnlySpan<WireSegment> segments);

    /// <summary>Bytes arrived from the network.</summary>
    void Received(int count);
}
