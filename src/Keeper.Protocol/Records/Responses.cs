using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

/// <summary>A reply that is just a Stat: exists, setData, setACL.</summary>
public sealed record StatResponse(Stat Stat) : IJuteRecord<StatResponse>
{
    public static StatResponse Read(ref JuteReader r) => new(Stat.Read(ref r));
    public void Write(JuteWriter w) => Stat.Write(w);
}

/// <summary>create2, createContainer and createTTL replies.</summary>
public sealed record Create2Response(string Path, Stat Stat) : IJuteRecord<Create2Response>
{
    public static Create2Response Read(ref JuteReader r) => new(r.ReadPath(), Stat.Read(ref r));
    public void Write(JuteWriter w) { w.WriteString(Path); Stat.Write(w); }
}

/// <summary>getData and reconfig replies.</summary>
public sealed record GetDataResponse(byte[]? Data, Stat Stat) : IJuteRecord<GetDataResponse>
{
    public static GetDataResponse Read(ref JuteReader r) => new(r.ReadBuffer(), Stat.Read(ref r));
    public void Write(JuteWriter w) { w.WriteBuffer(Data); Stat.Write(w); }
}

public sealed record GetAclResponse(IReadOnlyList<Acl> Acl, Stat Stat) : IJuteRecord<GetAclResponse>
{
    public static GetAclResponse Read(ref JuteReader r) => new(Acls.ReadList(ref r) ?? [], Stat.Read(ref r));
    public void Write(JuteWriter w) { Acls.WriteList(w, Acl); Stat.Write(w); }
}

/// <summary>getChildren reply; also getEphemerals' reply (a vector of paths).</summary>
public sealed record StringListResponse(IReadOnlyList<string> Items) : IJuteRecord<StringListResponse>
{
    public static StringListResponse Read(ref JuteReader r) => new(r.ReadStringVector() ?? []);
    public void Write(JuteWriter w) => w.WriteStringVector((IReadOnlyCollection<string>)Items);
}

public sealed record GetChildren2Response(IReadOnlyList<string> Children, Stat Stat) : IJuteRecord<GetChildren2Response>
{
    public static GetChildren2Response Read(ref JuteReader r) => new(r.ReadStringVector() ?? [], Stat.Read(ref r));
    public void Write(JuteWriter w) { w.WriteStringVector((IReadOnlyCollection<string>)Children); Stat.Write(w); }
}

public sealed record GetAllChildrenNumberResponse(int TotalNumber) : IJuteRecord<GetAllChildrenNumberResponse>
{
    public static GetAllChildrenNumberResponse Read(ref JuteReader r) => new(r.ReadInt());
    public void Write(JuteWriter w) => w.WriteInt(TotalNumber);
}

public sealed record WhoAmIResponse(IReadOnlyList<ClientInfo> ClientInfo) : IJuteRecord<WhoAmIResponse>
{
    public static WhoAmIResponse Read(ref JuteReader r)
    {
        int count = r.ReadVectorCount();
        var list = new List<ClientInfo>(Math.Max(count, 0));
        for (int i = 0; i < count; i++) list.Add(Records.ClientInfo.Read(ref r));
        return new(list);
    }

    public void Write(JuteWriter w)
    {
        w.WriteInt(ClientInfo.Count);
        foreach (var info in ClientInfo) info.Write(w);
    }
}
