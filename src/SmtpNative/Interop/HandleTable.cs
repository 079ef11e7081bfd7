namespace SmtpNative.Interop;

/// <summary>
/// Opaque handles for C callers: slot + generation + kind packed in a positive 31-bit value, so a
/// closed, stale, forged or wrong-kind handle is recognised and answered with an error, never
/// dereferenced. Values fit in 32 bits for 32-bit callers (VB6 Long).
/// Layout: bits 0-15 slot+1, bits 16-19 kind, bits 20-30 generation (never 0).
/// </summary>
internal sealed class HandleTable<T>(int kind) where T : class
{
    private const int MaxSlots = 0xFFFF;
    private const int GenerationMask = 0x7FF;

    private readonly object _lock = new();
    private T?[] _items = new T?[16];
    private int[] _generations = new int[16];
    private readonly Stack<int> _free = new();
    private int _used;

    public nint Add(T item)
    {
        lock (_lock)
        {
            int slot;
            if (_free.Count > 0)
            {
                slot = _free.Pop();
            }
            else
            {
                if (_used == MaxSlots)
                    throw new Core.SmtpException(Core.SmtpError.NotEnoughMemory, "Too many open handles");
                if (_used == _items.Length)
                {
                    Array.Resize(ref _items, Math.Min(_items.Length * 2, MaxSlots));
                    Array.Resize(ref _generations, _items.Length);
                }
                slot = _used++;
            }
            int generation = (_generations[slot] % GenerationMask) + 1;
            _generations[slot] = generation;
            _items[slot] = item;
            return (nint)((generation << 20) | (kind << 16) | (slot + 1));
        }
    }

    public T? Get(nint handle)
    {
        if (!Decode(handle, out int slot, out int generation))
            return null;
        lock (_lock)
        {
            return slot < _used && _generations[slot] == generation ? _items[slot] : null;
        }
    }

    /// <summary>Removes the handle; false when it was not (or no longer) valid.</summary>
    public bool Remove(nint handle)
    {
        if (!Decode(handle, out int slot, out int generation))
            return false;
        lock (_lock)
        {
            if (slot >= _used || _generations[slot] != generation || _items[slot] is null)
                return false;
            _items[slot] = null;
            _free.Push(slot);
            return true;
        }
    }

    /// <summary>Empties the table, returning what it held.</summary>
    public List<T> Clear()
    {
        lock (_lock)
        {
            var all = new List<T>();
            for (int i = 0; i < _used; i++)
            {
                if (_items[i] is { } item)
                {
                    all.Add(item);
                    _items[i] = null;
                    _free.Push(i);
                }
            }
            return all;
        }
    }

    private bool Decode(nint handle, out int slot, out int generation)
    {
        long v = handle;
        slot = (int)(v & 0xFFFF) - 1;
        generation = (int)((v >> 20) & GenerationMask);
        return v > 0 && v <= int.MaxValue && slot >= 0 && ((v >> 16) & 0xF) == kind && generation != 0;
    }
}
