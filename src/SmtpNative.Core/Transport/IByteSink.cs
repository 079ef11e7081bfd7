namespace SmtpNative.Core.Transport;

/// <summary>Where encoders write bytes: the connection's write buffer, or memory in tests and fuzzers.</summary>
public interface IByteSink
{
    void Write(ReadOnlySpan<byte> data);
    void WriteByte(byte b);
}
