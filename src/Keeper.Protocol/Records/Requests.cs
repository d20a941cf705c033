using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

/// <summary>path:ustring — getACL, sync (and its reply), getAllChildrenNumber, getEphemerals, create's reply.</summary>
public sealed record PathRecord(string Path) : IJuteRecord<PathRecord>
{
    public static PathRecord Read(ref JuteReader r) => new(r.ReadPath());
    public void Write(JuteWriter w) => w.WriteString(Path);
}

/// <summary>path:ustring, watch:boolean — getData, exists, getChildren, getChildren2.</summary>
public sealed record PathWatchRequest(string Path, bool Watch) : IJuteRecord<PathWatchRequest>
{
    public static PathWatchRequest Read(ref JuteReader r) => new(r.ReadPath(), r.ReadBool());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteBool(Watch); }
}

/// <summary>create, create2, createContainer (and, with a ttl, createTTL).</summary>
public sealed record CreateRequest(string Path, byte[]? Data, IReadOnlyList<Acl>? Acl, int Flags, long Ttl = -1, bool HasTtl = false)
    : IJuteRecord<CreateRequest>
{
    public static CreateRequest Read(ref JuteReader r) => new(r.ReadPath(), r.ReadBuffer(), Acls.ReadList(ref r), r.ReadInt());

    public static CreateRequest ReadTtl(ref JuteReader r) =>
        new(r.ReadPath(), r.ReadBuffer(), Acls.ReadList(ref r), r.ReadInt(), r.ReadLong(), HasTtl: true);

    public void Write(JuteWriter w)
    {
        w.WriteString(Path); w.WriteBuffer(Data); Acls.WriteList(w, Acl); w.WriteInt(Flags);
        if (HasTtl) w.WriteLong(Ttl);
    }
}

public sealed record DeleteRequest(string Path, int Version) : IJuteRecord<DeleteRequest>
{
    public static DeleteRequest Read(ref JuteReader r) => new(r.ReadPath(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteInt(Version); }
}

/// <summary>check (opcode 13): same layout as delete.</summary>
public sealed record CheckVersionRequest(string Path, int Version) : IJuteRecord<CheckVersionRequest>
{
    public static CheckVersionRequest Read(ref JuteReader r) => new(r.ReadPath(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteInt(Version); }
}

public sealed record SetDataRequest(string Path, byte[]? Data, int Version) : IJuteRecord<SetDataRequest>
{
    public static SetDataRequest Read(ref JuteReader r) => new(r.ReadPath(), r.ReadBuffer(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteBuffer(Data); w.WriteInt(Version); }
}

public sealed record SetAclRequest(string Path, IReadOnlyList<Acl>? Acl, int Version) : IJuteRecord<SetAclRequest>
{
    public static SetAclRequest Read(ref JuteReader r) => new(r.ReadPath(), Acls.ReadList(ref r), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); Acls.WriteList(w, Acl); w.WriteInt(Version); }
}

public sealed record AddWatchRequest(string Path, AddWatchMode Mode) : IJuteRecord<AddWatchRequest>
{
    public static AddWatchRequest Read(ref JuteReader r) => new(r.ReadPath(), (AddWatchMode)r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteInt((int)Mode); }
}

/// <summary>checkWatches and removeWatches.</summary>
public sealed record WatchesRequest(string Path, WatcherType Type) : IJuteRecord<WatchesRequest>
{
    public static WatchesRequest Read(ref JuteReader r) => new(r.ReadPath(), (WatcherType)r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteInt((int)Type); }
}

public sealed record ReconfigRequest(string? JoiningServers, string? LeavingServers, string? NewMembers, long CurConfigId)
    : IJuteRecord<ReconfigRequest>
{
    public static ReconfigRequest Read(ref JuteReader r) => new(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadLong());
    public void Write(JuteWriter w)
    {
        w.WriteString(JoiningServers); w.WriteString(LeavingServers); w.WriteString(NewMembers); w.WriteLong(CurConfigId);
    }
}

/// <summary>GetSASLRequest and SetSASLResponse: token:buffer.</summary>
public sealed record SaslRecord(byte[]? Token) : IJuteRecord<SaslRecord>
{
    public static SaslRecord Read(ref JuteReader r) => new(r.ReadBuffer());
    public void Write(JuteWriter w) => w.WriteBuffer(Token);
}
