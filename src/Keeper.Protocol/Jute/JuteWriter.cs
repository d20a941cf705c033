using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Keeper.Protocol.Jute;

/// <summary>
/// Writes ZooKeeper's jute binary encoding into a growable buffer rented from the shared pool.
/// Frames (a 4-byte big-endian length then the payload) are made with <see cref="BeginFrame"/> and
/// <see cref="EndFrame"/>, so a reply is serialised once with no copy. Dispose returns the buffer.
/// </summary>
public sealed class JuteWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public JuteWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    public int Length => _length;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);
    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Reset() => _length = 0;

    private Span<byte> Grab(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void WriteByte(byte value) => Grab(1)[0] = value;
    public void WriteBool(bool value) => Grab(1)[0] = value ? (byte)1 : (byte)0;
    public void WriteInt(int value) => BinaryPrimitives.WriteInt32BigEndian(Grab(4), value);
    public void WriteLong(long value) => BinaryPrimitives.WriteInt64BigEndian(Grab(8), value);
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grab(bytes.Length));

    public void WriteString(string? value)
    {
        if (value is null) { WriteInt(-1); return; }
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt(byteCount);
        Encoding.UTF8.GetBytes(value, Grab(byteCount));
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        WriteRaw(value);
    }

    public void WriteBuffer(byte[]? value)
    {
        if (value is null) { WriteInt(-1); return; }
        WriteBuffer(value.AsSpan());
    }

    public void WriteStringVector(IReadOnlyCollection<string>? values)
    {
        if (values is null) { WriteInt(-1); return; }
        WriteInt(values.Count);
        foreach (var v in values) WriteString(v);
    }

    /// <summary>Reserves the 4-byte length of a frame; returns its offset for <see cref="EndFrame"/>.</summary>
    public int BeginFrame()
    {
        int start = _length;
        Grab(4);
        return start;
    }

    /// <summary>Patches the length reserved at <paramref name="start"/> with the bytes written since.</summary>
    public void EndFrame(int start) =>
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start, 4), _length - start - 4);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
