namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// The set of operations linearized so far, as a bitset with an incrementally maintained Zobrist hash
/// (the XOR of one random 64-bit key per member), so adding or removing one operation and hashing the
/// set for the memo cache are O(1) in the search's inner loop.
/// </summary>
internal sealed class OpSet
{
    private readonly ulong[] _bits;
    private readonly ulong[] _keys;

    public OpSet(int capacity)
    {
        _bits = new ulong[(capacity + 63) / 64];
        _keys = new ulong[capacity];
        // Fixed seed: a check is reproducible, and the keys only need to be well mixed, not secret.
        var random = new Random(0x5EED);
        for (var i = 0; i < capacity; i++)
            _keys[i] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
    }

    public ulong Hash { get; private set; }

    public int Count { get; private set; }

    public bool Contains(int op) => (_bits[op >> 6] & (1UL << (op & 63))) != 0;

    public void Add(int op)
    {
        _bits[op >> 6] |= 1UL << (op & 63);
        Hash ^= _keys[op];
        Count++;
    }

    public void Remove(int op)
    {
        _bits[op >> 6] &= ~(1UL << (op & 63));
        Hash ^= _keys[op];
        Count--;
    }

    /// <summary>A frozen copy for the cache.</summary>
    public ulong[] Snapshot() => (ulong[])_bits.Clone();

    public bool SameAs(ulong[] snapshot) => _bits.AsSpan().SequenceEqual(snapshot);
}
