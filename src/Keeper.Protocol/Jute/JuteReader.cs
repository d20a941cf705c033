using System.Buffers.Binary;
using System.Text;

namespace Keeper.Protocol.Jute;

/// <summary>
/// Reads ZooKeeper's jute binary encoding (big-endian, length-prefixed strings, buffers and vectors,
/// -1 meaning null) from a span. Every read checks bounds and throws <see cref="JuteException"/> on
/// malformed input, so a peer can never make us read past a frame.
/// </summary>
public ref struct JuteReader
{
    /// <summary>ZooKeeper's default jute.maxbuffer (0xfffff).</summary>
    public const int DefaultMaxBuffer = 0xfffff;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxLength;
    private int _position;

    public JuteReader(ReadOnlySpan<byte> buffer, int maxLength = DefaultMaxBuffer)
    {
        _buffer = buffer;
        _maxLength = maxLength;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;
    public readonly bool AtEnd => _position >= _buffer.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
            throw new JuteException($"record truncated: needed {count} bytes at offset {_position}, {Remaining} left");
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte() => Take(1)[0];
    public bool ReadBool() => Take(1)[0] != 0;
    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    private int ReadLength(string what)
    {
        int length = ReadInt();
        if (length < -1 || length > _maxLength)
            throw new JuteException($"invalid {what} length {length} at offset {_position - 4}");
        return length;
    }

    /// <summary>A jute ustring; null when the length is -1.</summary>
    public string? ReadString()
    {
        int length = ReadLength("string");
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A path: ZooKeeper clients send "" and null interchangeably, so both read as "".</summary>
    public string ReadPath() => ReadString() ?? "";

    /// <summary>A jute buffer; null when the length is -1 (distinct from an empty buffer).</summary>
    public byte[]? ReadBuffer()
    {
        int length = ReadLength("buffer");
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>A vector count; -1 (null) is returned as -1, anything else is bounded by the bytes left.</summary>
    public int ReadVectorCount()
    {
        int count = ReadInt();
        if (count < -1 || count > Remaining)
            throw new JuteException($"invalid vector count {count} at offset {_position - 4}");
        return count;
    }

    public List<string>? ReadStringVector()
    {
        int count = ReadVectorCount();
        if (count < 0) return null;
        var list = new List<string>(count);
        for (int i = 0; i < count; i++) list.Add(ReadPath());
        return list;
    }

    /// <summary>Fails unless the whole input was consumed; used where trailing bytes mean a bad frame.</summary>
    public readonly void ExpectEnd(string record)
    {
        if (!AtEnd) throw new JuteException($"{Remaining} unexpected trailing bytes after {record}");
    }
}
