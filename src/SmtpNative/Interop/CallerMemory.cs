using System.Buffers;

namespace SmtpNative.Interop;

/// <summary>
/// The caller's message bytes as <see cref="ReadOnlyMemory{T}"/>, without a copy, for engine code
/// that reads them more than once (direct delivery). Valid only during the export call.
/// </summary>
internal sealed unsafe class CallerMemory(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
