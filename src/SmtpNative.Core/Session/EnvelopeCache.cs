using SmtpNative.Core.Protocol;

namespace SmtpNative.Core.Session;

/// <summary>
/// The parsed (and IDNA-encoded, <see cref="EnvelopeAddress.ToWire"/>) sender and recipients of the last
/// message, kept with the text they came from: a program
/// sending many messages with the same envelope (the common case, and every benchmark) pays the parsing
/// and its allocations once. Compared by reference first, then by value (the C boundary hands over the
/// same string instance when the caller's bytes did not change).
/// </summary>
internal sealed class EnvelopeCache
{
    private string? _senderInput, _recipientsInput;
    private string _sender = "";
    private List<string> _recipients = [];

    public string Sender(string input)
    {
        if (!Same(input, _senderInput))
        {
            _senderInput = null;
            _sender = EnvelopeAddress.ToWire(EnvelopeAddress.Parse(input, allowNull: true));
            _senderInput = input;
        }
        return _sender;
    }

    /// <summary>The recipients; the list is shared with later calls and must not be changed.</summary>
    public List<string> Recipients(string input)
    {
        if (!Same(input, _recipientsInput))
        {
            _recipientsInput = null;
            var list = EnvelopeAddress.ParseList(input);
            for (int i = 0; i < list.Count; i++)
                list[i] = EnvelopeAddress.ToWire(list[i]);
            _recipients = list;
            _recipientsInput = input;
        }
        return _recipients;
    }

    private static bool Same(string input, string? cached) => ReferenceEquals(input, cached) || string.Equals(input, cached, StringComparison.Ordinal);
}
