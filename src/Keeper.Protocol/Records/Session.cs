using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

/// <summary>
/// The first message of a connection (no RequestHeader). The trailing readOnly byte is optional on the
/// wire: <see cref="HasReadOnlyField"/> remembers whether the client sent it, because the reply must match.
/// </summary>
public sealed record ConnectRequest(
    int ProtocolVersion, long LastZxidSeen, int TimeOut, long SessionId, byte[]? Password,
    bool ReadOnly, bool HasReadOnlyField = true) : IJuteRecord<ConnectRequest>
{
    public static ConnectRequest Read(ref JuteReader r)
    {
        int protocolVersion = r.ReadInt();
        long lastZxid = r.ReadLong();
        int timeout = r.ReadInt();
        long sessionId = r.ReadLong();
        byte[]? password = r.ReadBuffer();
        bool hasReadOnly = !r.AtEnd;
        bool readOnly = hasReadOnly && r.ReadBool();
        return new(protocolVersion, lastZxid, timeout, sessionId, password, readOnly, hasReadOnly);
    }

    public void Write(JuteWriter w)
    {
        w.WriteInt(ProtocolVersion); w.WriteLong(LastZxidSeen); w.WriteInt(TimeOut);
        w.WriteLong(SessionId); w.WriteBuffer(Password);
        if (HasReadOnlyField) w.WriteBool(ReadOnly);
    }
}

/// <summary>The first reply of a connection (no ReplyHeader). TimeOut 0 tells the client its session expired.</summary>
public sealed record ConnectResponse(
    int ProtocolVersion, int TimeOut, long SessionId, byte[]? Password,
    bool ReadOnly, bool HasReadOnlyField = true) : IJuteRecord<ConnectResponse>
{
    public static ConnectResponse Read(ref JuteReader r)
    {
        int protocolVersion = r.ReadInt();
        int timeout = r.ReadInt();
        long sessionId = r.ReadLong();
        byte[]? password = r.ReadBuffer();
        bool hasReadOnly = !r.AtEnd;
        bool readOnly = hasReadOnly && r.ReadBool();
        return new(protocolVersion, timeout, sessionId, password, readOnly, hasReadOnly);
    }

    public void Write(JuteWriter w)
    {
        w.WriteInt(ProtocolVersion); w.WriteInt(TimeOut); w.WriteLong(SessionId); w.WriteBuffer(Password);
        if (HasReadOnlyField) w.WriteBool(ReadOnly);
    }
}

public readonly record struct RequestHeader(int Xid, OpCode Type) : IJuteRecord<RequestHeader>
{
    public static RequestHeader Read(ref JuteReader r) => new(r.ReadInt(), (OpCode)r.ReadInt());
    public void Write(JuteWriter w) { w.WriteInt(Xid); w.WriteInt((int)Type); }
}

public readonly record struct ReplyHeader(int Xid, long Zxid, ErrorCode Err) : IJuteRecord<ReplyHeader>
{
    public static ReplyHeader Read(ref JuteReader r) => new(r.ReadInt(), r.ReadLong(), (ErrorCode)r.ReadInt());
    public void Write(JuteWriter w) { w.WriteInt(Xid); w.WriteLong(Zxid); w.WriteInt((int)Err); }
}

/// <summary>addauth: type is always 0.</summary>
public sealed record AuthPacket(int Type, string Scheme, byte[]? Auth) : IJuteRecord<AuthPacket>
{
    public static AuthPacket Read(ref JuteReader r) => new(r.ReadInt(), r.ReadString() ?? "", r.ReadBuffer());
    public void Write(JuteWriter w) { w.WriteInt(Type); w.WriteString(Scheme); w.WriteBuffer(Auth); }
}

/// <summary>A watch notification body; servers always send state SyncConnected.</summary>
public sealed record WatcherEvent(EventType Type, KeeperState State, string Path) : IJuteRecord<WatcherEvent>
{
    public static WatcherEvent Read(ref JuteReader r) => new((EventType)r.ReadInt(), (KeeperState)r.ReadInt(), r.ReadPath());
    public void Write(JuteWriter w) { w.WriteInt((int)Type); w.WriteInt((int)State); w.WriteString(Path); }
}

/// <summary>Watches a reconnecting client re-registers (opcode 101).</summary>
public sealed record SetWatches(long RelativeZxid, List<string> DataWatches, List<string> ExistWatches, List<string> ChildWatches)
    : IJuteRecord<SetWatches>
{
    public static SetWatches Read(ref JuteReader r) =>
        new(r.ReadLong(), r.ReadStringVector() ?? [], r.ReadStringVector() ?? [], r.ReadStringVector() ?? []);

    public void Write(JuteWriter w)
    {
        w.WriteLong(RelativeZxid); w.WriteStringVector(DataWatches); w.WriteStringVector(ExistWatches);
        w.WriteStringVector(ChildWatches);
    }
}

/// <summary>SetWatches plus persistent and persistent-recursive watches (opcode 105).</summary>
public sealed record SetWatches2(
    long RelativeZxid, List<string> DataWatches, List<string> ExistWatches, List<string> ChildWatches,
    List<string> PersistentWatches, List<string> PersistentRecursiveWatches) : IJuteRecord<SetWatches2>
{
    public static SetWatches2 Read(ref JuteReader r) => new(
        r.ReadLong(), r.ReadStringVector() ?? [], r.ReadStringVector() ?? [], r.ReadStringVector() ?? [],
        r.ReadStringVector() ?? [], r.ReadStringVector() ?? []);

    public void Write(JuteWriter w)
    {
        w.WriteLong(RelativeZxid); w.WriteStringVector(DataWatches); w.WriteStringVector(ExistWatches);
        w.WriteStringVector(ChildWatches); w.WriteStringVector(PersistentWatches);
        w.WriteStringVector(PersistentRecursiveWatches);
    }
}

/// <summary>The body of error replies that carry one (addWatch's success reply is an ErrorResponse(0)).</summary>
public readonly record struct ErrorResponse(ErrorCode Err) : IJuteRecord<ErrorResponse>
{
    public static ErrorResponse Read(ref JuteReader r) => new((ErrorCode)r.ReadInt());
    public void Write(JuteWriter w) => w.WriteInt((int)Err);
}
