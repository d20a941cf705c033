using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

/// <summary>An identity: scheme plus id, e.g. world:anyone, digest:bob:hash, ip:127.0.0.1.</summary>
public sealed record Id(string Scheme, string Identity) : IJuteRecord<Id>
{
    public static readonly Id Anyone = new("world", "anyone");
    public static Id Read(ref JuteReader r) => new(r.ReadString() ?? "", r.ReadString() ?? "");
    public void Write(JuteWriter w) { w.WriteString(Scheme); w.WriteString(Identity); }
    public override string ToString() => $"{Scheme}:{Identity}";
}

/// <summary>One ACL entry: the permissions an identity has on a node.</summary>
public sealed record Acl(Perms Perms, Id Id) : IJuteRecord<Acl>
{
    public static Acl Read(ref JuteReader r) => new((Perms)r.ReadInt(), Id.Read(ref r));
    public void Write(JuteWriter w) { w.WriteInt((int)Perms); Id.Write(w); }
}

/// <summary>The well-known ACL lists of ZooDefs.Ids.</summary>
public static class Acls
{
    public static readonly IReadOnlyList<Acl> OpenAclUnsafe = [new(Perms.All, Id.Anyone)];
    public static readonly IReadOnlyList<Acl> CreatorAllAcl = [new(Perms.All, new Id("auth", ""))];
    public static readonly IReadOnlyList<Acl> ReadAclUnsafe = [new(Perms.Read, Id.Anyone)];

    public static List<Acl>? ReadList(ref JuteReader r)
    {
        int count = r.ReadVectorCount();
        if (count < 0) return null;
        var list = new List<Acl>(count);
        for (int i = 0; i < count; i++) list.Add(Acl.Read(ref r));
        return list;
    }

    public static void WriteList(JuteWriter w, IReadOnlyList<Acl>? acls)
    {
        if (acls is null) { w.WriteInt(-1); return; }
        w.WriteInt(acls.Count);
        foreach (var acl in acls) acl.Write(w);
    }

    public static bool SameList(IReadOnlyList<Acl>? a, IReadOnlyList<Acl>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}

/// <summary>The node metadata clients see (68 bytes on the wire).</summary>
public readonly record struct Stat(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    long EphemeralOwner, int DataLength, int NumChildren, long Pzxid) : IJuteRecord<Stat>
{
    public static Stat Read(ref JuteReader r) => new(
        r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadInt(), r.ReadInt(), r.ReadInt(),
        r.ReadLong(), r.ReadInt(), r.ReadInt(), r.ReadLong());

    public void Write(JuteWriter w)
    {
        w.WriteLong(Czxid); w.WriteLong(Mzxid); w.WriteLong(Ctime); w.WriteLong(Mtime);
        w.WriteInt(Version); w.WriteInt(Cversion); w.WriteInt(Aversion);
        w.WriteLong(EphemeralOwner); w.WriteInt(DataLength); w.WriteInt(NumChildren); w.WriteLong(Pzxid);
    }
}

/// <summary>The node metadata as stored in snapshots (60 bytes: no dataLength, no numChildren).</summary>
public readonly record struct StatPersisted(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    long EphemeralOwner, long Pzxid) : IJuteRecord<StatPersisted>
{
    public static StatPersisted Read(ref JuteReader r) => new(
        r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadInt(), r.ReadInt(), r.ReadInt(),
        r.ReadLong(), r.ReadLong());

    public void Write(JuteWriter w)
    {
        w.WriteLong(Czxid); w.WriteLong(Mzxid); w.WriteLong(Ctime); w.WriteLong(Mtime);
        w.WriteInt(Version); w.WriteInt(Cversion); w.WriteInt(Aversion);
        w.WriteLong(EphemeralOwner); w.WriteLong(Pzxid);
    }
}

/// <summary>One entry of a whoAmI reply.</summary>
public sealed record ClientInfo(string AuthScheme, string User) : IJuteRecord<ClientInfo>
{
    public static ClientInfo Read(ref JuteReader r) => new(r.ReadString() ?? "", r.ReadString() ?? "");
    public void Write(JuteWriter w) { w.WriteString(AuthScheme); w.WriteString(User); }
}
