using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Records;

/// <summary>The header of every txn, in the log and in quorum proposals (32 bytes).</summary>
public readonly record struct TxnHeader(long ClientId, int Cxid, long Zxid, long Time, OpCode Type) : IJuteRecord<TxnHeader>
{
    public static TxnHeader Read(ref JuteReader r) =>
        new(r.ReadLong(), r.ReadInt(), r.ReadLong(), r.ReadLong(), (OpCode)r.ReadInt());

    public void Write(JuteWriter w)
    {
        w.WriteLong(ClientId); w.WriteInt(Cxid); w.WriteLong(Zxid); w.WriteLong(Time); w.WriteInt((int)Type);
    }
}

/// <summary>create / create2 txn. ParentCVersion is the parent's new stored cversion.</summary>
public sealed record CreateTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, bool Ephemeral, int ParentCVersion)
    : IJuteRecord<CreateTxn>
{
    /// <summary>Old logs wrote CreateTxnV0 (no parentCVersion); -1 then means "parent cversion + 1".</summary>
    public static CreateTxn Read(ref JuteReader r)
    {
        var path = r.ReadPath();
        var data = r.ReadBuffer();
        var acl = Acls.ReadList(ref r) ?? [];
        bool ephemeral = r.ReadBool();
        int parentCVersion = r.Remaining >= 4 ? r.ReadInt() : -1;
        return new(path, data, acl, ephemeral, parentCVersion);
    }

    public void Write(JuteWriter w)
    {
        w.WriteString(Path); w.WriteBuffer(Data); Acls.WriteList(w, Acl); w.WriteBool(Ephemeral); w.WriteInt(ParentCVersion);
    }
}

public sealed record CreateTtlTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion, long Ttl)
    : IJuteRecord<CreateTtlTxn>
{
    public static CreateTtlTxn Read(ref JuteReader r) =>
        new(r.ReadPath(), r.ReadBuffer(), Acls.ReadList(ref r) ?? [], r.ReadInt(), r.ReadLong());

    public void Write(JuteWriter w)
    {
        w.WriteString(Path); w.WriteBuffer(Data); Acls.WriteList(w, Acl); w.WriteInt(ParentCVersion); w.WriteLong(Ttl);
    }
}

public sealed record CreateContainerTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion)
    : IJuteRecord<CreateContainerTxn>
{
    public static CreateContainerTxn Read(ref JuteReader r) =>
        new(r.ReadPath(), r.ReadBuffer(), Acls.ReadList(ref r) ?? [], r.ReadInt());

    public void Write(JuteWriter w)
    {
        w.WriteString(Path); w.WriteBuffer(Data); Acls.WriteList(w, Acl); w.WriteInt(ParentCVersion);
    }
}

/// <summary>delete and deleteContainer txn.</summary>
public sealed record DeleteTxn(string Path) : IJuteRecord<DeleteTxn>
{
    public static DeleteTxn Read(ref JuteReader r) => new(r.ReadPath());
    public void Write(JuteWriter w) => w.WriteString(Path);
}

/// <summary>setData txn; Version is the node's new version.</summary>
public sealed record SetDataTxn(string Path, byte[]? Data, int Version) : IJuteRecord<SetDataTxn>
{
    public static SetDataTxn Read(ref JuteReader r) => new(r.ReadPath(), r.ReadBuffer(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteBuffer(Data); w.WriteInt(Version); }
}

public sealed record CheckVersionTxn(string Path, int Version) : IJuteRecord<CheckVersionTxn>
{
    public static CheckVersionTxn Read(ref JuteReader r) => new(r.ReadPath(), r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); w.WriteInt(Version); }
}

/// <summary>setACL txn; Version is the node's new aversion.</summary>
public sealed record SetAclTxn(string Path, IReadOnlyList<Acl> Acl, int Version) : IJuteRecord<SetAclTxn>
{
    public static SetAclTxn Read(ref JuteReader r) => new(r.ReadPath(), Acls.ReadList(ref r) ?? [], r.ReadInt());
    public void Write(JuteWriter w) { w.WriteString(Path); Acls.WriteList(w, Acl); w.WriteInt(Version); }
}

public sealed record CreateSessionTxn(int TimeOut) : IJuteRecord<CreateSessionTxn>
{
    public static CreateSessionTxn Read(ref JuteReader r) => new(r.ReadInt());
    public void Write(JuteWriter w) => w.WriteInt(TimeOut);
}

/// <summary>closeSession txn: the ephemerals it deletes (old logs have no body: read as an empty list).</summary>
public sealed record CloseSessionTxn(IReadOnlyList<string> PathsToDelete) : IJuteRecord<CloseSessionTxn>
{
    public static CloseSessionTxn Read(ref JuteReader r) => new(r.AtEnd ? [] : r.ReadStringVector() ?? []);
    public void Write(JuteWriter w) => w.WriteStringVector((IReadOnlyCollection<string>)PathsToDelete);
}

/// <summary>The txn of a failed write: it still takes a zxid.</summary>
public sealed record ErrorTxn(ErrorCode Err) : IJuteRecord<ErrorTxn>
{
    public static ErrorTxn Read(ref JuteReader r) => new((ErrorCode)r.ReadInt());
    public void Write(JuteWriter w) => w.WriteInt((int)Err);
}

/// <summary>A multi txn: each sub-txn is its type plus its serialised record.</summary>
public sealed record MultiTxn(IReadOnlyList<SubTxn> Txns) : IJuteRecord<MultiTxn>
{
    public static MultiTxn Read(ref JuteReader r)
    {
        int count = r.ReadVectorCount();
        var txns = new List<SubTxn>(Math.Max(count, 0));
        for (int i = 0; i < count; i++)
        {
            var type = (OpCode)r.ReadInt();
            // Only these may appear inside a multi (DataTree.processTxn). Refusing the rest, a nested
            // multi above all, keeps a crafted body from recursing until the stack overflows.
            if (type is not (OpCode.Create or OpCode.Create2 or OpCode.CreateTtl or OpCode.CreateContainer
                or OpCode.Delete or OpCode.DeleteContainer or OpCode.SetData or OpCode.Check or OpCode.Error))
                throw new JuteException($"invalid sub-txn type {(int)type} in multi txn");
            var data = r.ReadBuffer() ?? [];
            var inner = new JuteReader(data);
            txns.Add(new SubTxn(type, TxnRecords.ReadBody(type, ref inner)));
        }
        return new MultiTxn(txns);
    }

    public void Write(JuteWriter w)
    {
        w.WriteInt(Txns.Count);
        using var scratch = new JuteWriter();
        foreach (var txn in Txns)
        {
            w.WriteInt((int)txn.Type);
            scratch.Reset();
            txn.Body?.Write(scratch);
            w.WriteBuffer(scratch.WrittenSpan);
        }
    }
}

/// <summary>One entry of a MultiTxn.</summary>
public sealed record SubTxn(OpCode Type, IJuteRecord? Body);

/// <summary>The tree digest some txns and snapshots carry (version 2).</summary>
public readonly record struct TxnDigest(int Version, long TreeDigest) : IJuteRecord<TxnDigest>
{
    public static TxnDigest Read(ref JuteReader r) => new(r.ReadInt(), r.ReadLong());
    public void Write(JuteWriter w) { w.WriteInt(Version); w.WriteLong(TreeDigest); }
}

/// <summary>Header of log ("ZKLG", dbid 0) and snapshot ("ZKSN", dbid -1) files.</summary>
public readonly record struct FileHeader(int Magic, int Version, long Dbid) : IJuteRecord<FileHeader>
{
    public const int LogMagic = 0x5A4B4C47;
    public const int SnapshotMagic = 0x5A4B534E;
    public static FileHeader Read(ref JuteReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadLong());
    public void Write(JuteWriter w) { w.WriteInt(Magic); w.WriteInt(Version); w.WriteLong(Dbid); }
}

public static class TxnRecords
{
    /// <summary>Reads the record that follows a TxnHeader of the given type.</summary>
    public static IJuteRecord? ReadBody(OpCode type, ref JuteReader r) => type switch
    {
        OpCode.CreateSession => CreateSessionTxn.Read(ref r),
        OpCode.CloseSession => CloseSessionTxn.Read(ref r),
        OpCode.Create or OpCode.Create2 => CreateTxn.Read(ref r),
        OpCode.CreateTtl => CreateTtlTxn.Read(ref r),
        OpCode.CreateContainer => CreateContainerTxn.Read(ref r),
        OpCode.Delete or OpCode.DeleteContainer => DeleteTxn.Read(ref r),
        OpCode.SetData or OpCode.Reconfig => SetDataTxn.Read(ref r),
        OpCode.SetAcl => SetAclTxn.Read(ref r),
        OpCode.Check => CheckVersionTxn.Read(ref r),
        OpCode.Error => ErrorTxn.Read(ref r),
        OpCode.Multi => MultiTxn.Read(ref r),
        _ => throw new JuteException($"unknown txn type {(int)type}"),
    };
}
