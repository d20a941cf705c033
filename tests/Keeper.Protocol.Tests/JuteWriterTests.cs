using System.Buffers.Binary;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>PROTOCOL.md §4.1 framing (4-byte big-endian length, not counting itself) and the writer's buffer growth.</summary>
public class JuteWriterTests
{
    [Fact]
    public void Frame_length_counts_the_payload_but_not_itself()
    {
        using var w = new JuteWriter();
        int start = w.BeginFrame();
        w.WriteInt(1);
        w.WriteLong(2);
        w.EndFrame(start);
        Assert.Equal(Hex.Normalize("0000000c 00000001 0000000000000002"), Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void Empty_frame_has_length_zero()
    {
        using var w = new JuteWriter();
        w.EndFrame(w.BeginFrame());
        Assert.Equal("00000000", Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void Consecutive_frames_each_carry_their_own_length()
    {
        using var w = new JuteWriter();
        int first = w.BeginFrame();
        w.WriteByte(0xaa);
        w.EndFrame(first);
        int second = w.BeginFrame();
        w.WriteInt(-1);
        w.EndFrame(second);
        Assert.Equal(Hex.Normalize("00000001 aa | 00000004 ffffffff"), Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void BeginFrame_returns_the_offset_of_the_length_field()
    {
        using var w = new JuteWriter();
        w.WriteInt(7);
        Assert.Equal(4, w.BeginFrame());
    }

    [Fact]
    public void Frame_length_is_patched_correctly_after_the_buffer_grew()
    {
        using var w = new JuteWriter(initialCapacity: 16);
        int start = w.BeginFrame();
        var payload = new byte[100_000];
        new Random(1).NextBytes(payload);
        w.WriteRaw(payload);
        w.EndFrame(start);
        Assert.Equal(100_000, BinaryPrimitives.ReadInt32BigEndian(w.WrittenSpan));
    }

    [Fact]
    public void Writer_grows_past_its_initial_capacity_keeping_every_byte()
    {
        using var w = new JuteWriter(initialCapacity: 16);
        for (int i = 0; i < 10_000; i++) w.WriteInt(i);
        var bytes = w.ToArray();
        Assert.Equal(40_000, bytes.Length);
        for (int i = 0; i < 10_000; i++)
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i * 4)));
    }

    [Fact]
    public void Writer_holds_a_frame_larger_than_jute_maxbuffer_and_the_array_pool_bucket_sizes()
    {
        // 3 MiB crosses both the 1 MiB jute.maxbuffer and several pool bucket sizes.
        var payload = new byte[3 * 1024 * 1024];
        new Random(2).NextBytes(payload);
        using var w = new JuteWriter();
        int start = w.BeginFrame();
        w.WriteBuffer(payload);
        w.EndFrame(start);
        Assert.Equal((payload.Length + 4, payload.Length), (BinaryPrimitives.ReadInt32BigEndian(w.WrittenSpan), BinaryPrimitives.ReadInt32BigEndian(w.WrittenSpan[4..])));
        Assert.True(w.WrittenSpan[8..].SequenceEqual(payload));
    }

    [Fact]
    public void Single_write_larger_than_double_the_buffer_fits()
    {
        using var w = new JuteWriter(initialCapacity: 16);
        w.WriteRaw(new byte[1000]);
        Assert.Equal(1000, w.Length);
    }

    [Fact]
    public void Length_counts_the_bytes_written()
    {
        using var w = new JuteWriter();
        w.WriteInt(1);
        w.WriteString("ab");
        Assert.Equal(10, w.Length);
    }

    [Fact]
    public void Reset_starts_over_from_an_empty_buffer()
    {
        using var w = new JuteWriter();
        w.WriteLong(1);
        w.Reset();
        w.WriteByte(9);
        Assert.Equal("09", Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void ToArray_is_a_copy_that_later_writes_do_not_change()
    {
        using var w = new JuteWriter();
        w.WriteInt(1);
        var snapshot = w.ToArray();
        w.Reset();
        w.WriteInt(2);
        Assert.Equal("00000001", Hex.Of(snapshot));
    }

    [Fact]
    public void WrittenMemory_holds_the_same_bytes_as_WrittenSpan()
    {
        using var w = new JuteWriter();
        new ReplyHeader(1, 2, ErrorCode.Ok).Write(w);
        Assert.Equal(Hex.Of(w.WrittenSpan), Hex.Of(w.WrittenMemory.Span));
    }

    [Fact]
    public void Dispose_empties_the_writer()
    {
        var w = new JuteWriter();
        w.WriteInt(1);
        w.Dispose();
        Assert.Equal(0, w.Length);
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var w = new JuteWriter();
        w.Dispose();
        w.Dispose();
    }

    [Fact]
    public void Request_frame_is_length_then_header_then_record()
    {
        using var w = new JuteWriter();
        int start = w.BeginFrame();
        new RequestHeader(5, OpCode.Delete).Write(w);
        new DeleteRequest("/a", -1).Write(w);
        w.EndFrame(start);
        Assert.Equal(Hex.Normalize("00000012 00000005 00000002 00000002 2f61 ffffffff"), Hex.Of(w.WrittenSpan));
    }
}
