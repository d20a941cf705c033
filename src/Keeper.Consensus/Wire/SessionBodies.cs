using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>One entry of a follower's PING reply: a session it has seen activity on, and that session's timeout.</summary>
internal readonly record struct SessionTouch(long SessionId, int Timeout);

/// <summary>
/// A follower's PING reply data: (sessionId:long, timeout:int) repeated to the end, 12 bytes each (Learner.ping).
/// The leader's PING has no data. LearnerHandler reads pairs while bytes remain, so a partial pair is an
/// EOF there (the learner is dropped); here it is a <see cref="WireFormatException"/>.
/// </summary>
internal static class PingBody
{
    public const int EntryLength = 12;

    public static byte[] Encode(ReadOnlySpan<SessionTouch> touches)
    {
        using var writer = new JuteWriter(Math.Max(touches.Length * EntryLength, 16));
        foreach (var touch in touches)
        {
            writer.WriteLong(touch.SessionId);
            writer.WriteInt(touch.Timeout);
        }
        return writer.ToArray();
    }

    /// <summary>
    /// The entries, read lazily without allocating (a leader reads one reply per follower per half tick).
    /// Null data reads as no entries. The length is checked up front so a bad body fails before any touch.
    /// </summary>
    public static Enumerator Read(byte[]? data)
    {
        if (data is not null && data.Length % EntryLength != 0)
            throw new WireFormatException($"PING reply data of {data.Length} bytes is not a whole number of {EntryLength}-byte entries");
        return new Enumerator(data);
    }

    public static List<SessionTouch> Decode(byte[]? data)
    {
        var list = new List<SessionTouch>((data?.Length ?? 0) / EntryLength);
        foreach (var touch in Read(data)) list.Add(touch);
        return list;
    }

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _offset;

        internal Enumerator(byte[]? data)
        {
            _data = data;
            _offset = -EntryLength;
        }

        public readonly int Count => _data.Length / EntryLength;

        public readonly SessionTouch Current =>
            new(BodyReader.Long(_data, _offset), BodyReader.Int(_data, _offset + 8));

        public bool MoveNext()
        {
            _offset += EntryLength;
            return _offset < _data.Length;
        }

        public readonly Enumerator GetEnumerator() => this;
    }
}

/// <summary>REVALIDATE from a learner (zxid -1): a reconnecting client's session id and its timeout.</summary>
internal readonly record struct RevalidateRequest(long SessionId, int Timeout)
{
    public byte[] Encode()
    {
        using var writer = new JuteWriter(12);
        writer.WriteLong(SessionId);
        writer.WriteInt(Timeout);
        return writer.ToArray();
    }

    public static RevalidateRequest Decode(byte[]? data)
    {
        var span = BodyReader.Require(data, 12, "REVALIDATE request");
        return new RevalidateRequest(BodyReader.Long(span, 0), BodyReader.Int(span, 8));
    }
}

/// <summary>
/// The leader's REVALIDATE answer (the request packet sent back with new data): session id and whether the
/// session is still valid. DataInputStream.readBoolean takes any non-zero byte as true.
/// </summary>
internal readonly record struct RevalidateReply(long SessionId, bool Valid)
{
    public byte[] Encode()
    {
        using var writer = new JuteWriter(9);
        writer.WriteLong(SessionId);
        writer.WriteBool(Valid);
        return writer.ToArray();
    }

    public static RevalidateReply Decode(byte[]? data)
    {
        var span = BodyReader.Require(data, 9, "REVALIDATE reply");
        return new RevalidateReply(BodyReader.Long(span, 0), span[8] != 0);
    }
}
