namespace SmtpNative.Core.Session;

/// <summary>Progress of the message content being sent (<c>SmtpGetTransferStatus</c>).</summary>
/// <param name="BytesTotal">The message size when known (0 when not: a staged message created with size 0).</param>
/// <param name="BytesCopied">Content bytes handed to the connection so far.</param>
/// <param name="BytesPerSecond">Average rate since the transfer began.</param>
/// <param name="TimeElapsed">Seconds since the transfer began.</param>
/// <param name="TimeEstimated">Seconds still needed at the average rate (0 when the size is unknown or reached).</param>
public readonly record struct TransferStatus(long BytesTotal, long BytesCopied, long BytesPerSecond, long TimeElapsed, long TimeEstimated);
