using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Tests.TxnLog;

/// <summary>One txn of every kind the server logs, numbered from zxid 1 in one session.</summary>
internal static class SampleTxns
{
    public const long Session = 0x1000016553e0000;
    public const long Time = 1_764_000_000_000;

    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;
    private static readonly IReadOnlyList<Acl> Digest = [new(Perms.Read | Perms.Admin, new Id("digest", "bob:Zw5N2mu3hxZ0eQ+9B0AU9Yb1vKo="))];

    /// <summary>Name, type and record; the digest is for the txns that carry one.</summary>
    public static readonly IReadOnlyList<(string Name, OpCode Type, IJuteRecord? Body, long? Digest)> All =
    [
        ("createSession", OpCode.CreateSession, new CreateSessionTxn(30000), 0x51c6d660),
        ("create", OpCode.Create, new CreateTxn("/a", "x"u8.ToArray(), Open, false, 1), 0x6a85e293),
        ("create2 with null data", OpCode.Create2, new CreateTxn("/a/b", null, Open, false, 1), 0x10e0f5142),
        ("ephemeral create", OpCode.Create, new CreateTxn("/a/e", "eph"u8.ToArray(), Open, true, 2), 0x219fda997),
        ("createContainer", OpCode.CreateContainer, new CreateContainerTxn("/c", "container"u8.ToArray(), Open, 2), 0x4077dfb6f),
        ("createTTL", OpCode.CreateTtl, new CreateTtlTxn("/ttl", "t"u8.ToArray(), Open, 3, 5000), 0x5402fd609),
        ("setData", OpCode.SetData, new SetDataTxn("/a", "y"u8.ToArray(), 1), 0x548aace60),
        ("setACL", OpCode.SetAcl, new SetAclTxn("/a/b", Digest, 1), 0x54a8f49dc),
        ("check", OpCode.Check, new CheckVersionTxn("/a", 1), 0x54a8f49dc),
        ("delete", OpCode.Delete, new DeleteTxn("/a/e"), 0x4895deb0f),
        ("deleteContainer", OpCode.DeleteContainer, new DeleteTxn("/c"), 0x42c219048),
        ("error", OpCode.Error, new ErrorTxn(ErrorCode.NodeExists), null),
        ("multi", OpCode.Multi, new MultiTxn(
        [
            new(OpCode.Create, new CreateTxn("/m1", "m1"u8.ToArray(), Open, false, 4)),
            new(OpCode.Create2, new CreateTxn("/m0", [], Open, false, 5)),
            new(OpCode.CreateContainer, new CreateContainerTxn("/m2", "m2"u8.ToArray(), Open, 6)),
            new(OpCode.CreateTtl, new CreateTtlTxn("/m3", "m3"u8.ToArray(), Open, 7, 100000)),
            new(OpCode.Check, new CheckVersionTxn("/a", 1)),
            new(OpCode.SetData, new SetDataTxn("/m1", "m1b"u8.ToArray(), 1)),
            new(OpCode.Delete, new DeleteTxn("/m0")),
            new(OpCode.DeleteContainer, new DeleteTxn("/m2")),
        ]), 0x487dc1de3),
        ("failed multi", OpCode.Multi, new MultiTxn(
        [
            new(OpCode.Create, new CreateTxn("/n1", "n1"u8.ToArray(), Open, false, 8)),
            new(OpCode.Error, new ErrorTxn(ErrorCode.NodeExists)),
            new(OpCode.Error, new ErrorTxn(ErrorCode.RuntimeInconsistency)),
        ]), 0x487dc1de3),
        ("closeSession", OpCode.CloseSession, new CloseSessionTxn(["/a/e", "/eph"]), 0x4532fc56b),
        ("closeSession without ephemerals", OpCode.CloseSession, new CloseSessionTxn([]), 0x4532fc56b),
    ];

    /// <summary>The samples Apache's own log reader accepts (it refuses a top-level check).</summary>
    public static IEnumerable<(string Name, OpCode Type, IJuteRecord? Body, long? Digest)> ApacheReadable =>
        All.Where(t => t.Type != OpCode.Check);

    public static TxnHeader Header(long zxid, OpCode type, int cxid = -1) =>
        new(Session, cxid < 0 ? (int)zxid : cxid, zxid, Time + zxid, type);

    public static byte[] Bytes(IJuteRecord? record)
    {
        if (record is null) return [];
        using var writer = new JuteWriter();
        record.Write(writer);
        return writer.ToArray();
    }

    public static IEnumerable<object[]> Names() => All.Select(t => new object[] { t.Name });
}
