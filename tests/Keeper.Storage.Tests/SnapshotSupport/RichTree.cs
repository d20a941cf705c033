using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>A tree with every kind of node a snapshot must carry.</summary>
internal static class RichTree
{
    public static readonly byte[] Utf8Data = "héllo ✓"u8.ToArray();

    /// <summary>Builds it; returns the session that owns the ephemeral (still open).</summary>
    public static long Build(Workload w)
    {
        long owner = w.NewSession(30000);
        long other = w.NewSession(12000);
        w.Create(owner, "/app", "hello"u8.ToArray());
        w.Create(owner, "/app/nulldata", null);
        w.Create(owner, "/app/empty", []);
        w.Create(owner, "/app/utf8", Utf8Data);
        w.Create(owner, "/app/seq-", "s"u8.ToArray(), CreateMode.PersistentSequential);
        w.Create(owner, "/app/seq-", "s2"u8.ToArray(), CreateMode.PersistentSequential);
        w.Create(owner, "/app/box", null, CreateMode.Container);
        w.Create(owner, "/app/box/child", "x"u8.ToArray());
        w.Create(owner, "/app/ttl", "t"u8.ToArray(), CreateMode.PersistentWithTtl, ttl: 100000);
        w.Create(owner, "/app/eph", "alive"u8.ToArray(), CreateMode.Ephemeral);
        w.Create(owner, "/app/eph-seq-", null, CreateMode.EphemeralSequential);
        w.Create(other, "/app/other-eph", null, CreateMode.Ephemeral);
        w.Create(owner, "/app/secret", "top"u8.ToArray(), acl: Workload.BobDigestAll);
        w.Create(owner, "/app/secret2", "top"u8.ToArray(), acl: Workload.BobDigestAll);
        w.Create(owner, "/app/ro", "r"u8.ToArray(), acl: Acls.ReadAclUnsafe);
        w.SetAcl(owner, "/app/empty", Workload.AliceRwWorldRead);
        w.SetData(owner, "/app", "hello2"u8.ToArray());
        w.Create(owner, "/app/gone", null);
        w.Delete(owner, "/app/gone");
        w.Create(owner, "/app/big", Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray());
        w.Create(owner, "/app/many", null);
        for (int i = 0; i < 30; i++) w.Create(owner, $"/app/many/n{i:D2}", [(byte)i]);
        return owner;
    }
}
