using System.Security.Cryptography;
using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Interop.Tests.Differential;

/// <summary>
/// The one scripted scenario run against Apache ZooKeeper and against our server. It is strictly
/// sequential (one request in flight at a time, across all sessions), so both servers see the same
/// requests in the same order and must hand out the same zxids.
/// <para>
/// Invariants that keep it deterministic:
/// <list type="bullet">
/// <item>the server deletes containers and TTL nodes on its own schedule (and each deletion takes a
/// zxid), so at any moment no container that once had children is empty and no TTL node without
/// children is past its TTL, except right before an <see cref="ScenarioRunner.AwaitGone"/> that polls
/// (reads only) until the node is gone. Every other TTL node has <see cref="LongTtl"/>; containers that
/// never had a child are never deleted (znode.container.maxNeverUsedIntervalMs is 0);</item>
/// <item>events that one closeSession causes are sorted (Apache deletes a session's ephemerals in
/// hash-set order);</item>
/// <item>child lists, getEphemerals and whoAmI are sorted by the transcript.</item>
/// </list>
/// </para>
/// </summary>
internal static class DifferentialScenario
{
    /// <summary>A TTL no run comes near (one hour).</summary>
    public const long LongTtl = 3_600_000;

    /// <summary>Request opcodes the scenario must send at top level (-10: a session is created, -11: closed; 99 unknown).</summary>
    public static readonly int[] RequiredOpCodes =
        [-11, -10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 18, 19, 21, 22, 99, 100, 101, 103, 104, 105, 106, 107];

    /// <summary>Op types the scenario must use inside multi (14).</summary>
    public static readonly int[] RequiredMultiOpCodes = [1, 2, 5, 13, 15, 19, 21];

    /// <summary>Op types the scenario must use inside multiRead (22).</summary>
    public static readonly int[] RequiredMultiReadOpCodes = [4, 8];

    private static readonly TimeSpan GoneBound = TimeSpan.FromSeconds(10);

    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;
    private static readonly IReadOnlyList<Acl> ReadOnly = Acls.ReadAclUnsafe;
    private static readonly IReadOnlyList<Acl> CreatorAll = Acls.CreatorAllAcl;
    private static readonly string Bob = DigestId("bob", "secret");

    private static readonly IReadOnlyList<Acl> BobOnly = [A(Perms.All, "digest", Bob)];

    public static async Task RunAsync(ScenarioRunner r)
    {
        var sessions = await InitialTree(r);
        var (s1, s2, s3) = sessions;
        await CreateModes(r, s1);
        await Sequential(r, s1);
        await CreateErrors(r, s1, s3);
        await Deletes(r, s1);
        await OneShotWatches(r, s1, s2);
        await SetDataVersions(r, s1);
        await AclChecks(r, s1, s3);
        await PersistentWatches(r, s1, s2, s3);
        await SetWatchesReplay(r, s1);
        await EphemeralQueries(r, s1, s2);
        await CloseRemovesEphemerals(r, s1, s2);
        await ContainersAndTtl(r, s1, s2);
        await Multis(r, s1, s2);
        await Finish(r, s1, s2, s3);

        // Last, so that a server which takes a zxid more or less for one of these shifts as few lines as possible.
        await OddRequests(r);
        await MalformedRequests(r);
    }

    // ------------------------------------------------------------------ A

    private static async Task<(ScenarioSession, ScenarioSession, ScenarioSession)> InitialTree(ScenarioRunner r)
    {
        r.Note("A. sessions and the initial tree");
        var s1 = await r.Open("s1");
        var s2 = await r.Open("s2");
        var s3 = await r.Open("s3");
        await r.Exists(s1, "/");
        await r.GetData(s1, "/");
        await r.GetChildren2(s1, "/");
        await r.GetAcl(s1, "/");
        await r.Exists(s1, "/zookeeper");
        await r.GetChildren(s1, "/zookeeper");
        await r.GetChildren2(s1, "/zookeeper");
        await r.GetData(s1, "/zookeeper/config");
        await r.GetAcl(s1, "/zookeeper/config");
        await r.GetData(s1, "/zookeeper/quota");
        await r.GetAcl(s1, "/zookeeper/quota");
        await r.GetChildren2(s1, "/zookeeper/quota");
        await r.GetAllChildrenNumber(s1, "/");
        await r.GetAllChildrenNumber(s1, "/zookeeper");
        await r.GetEphemerals(s1, "/");
        await r.WhoAmI(s1);
        await r.Sync(s1, "/");
        return (s1, s2, s3);
    }

    // ------------------------------------------------------------------ B

    private static async Task CreateModes(ScenarioRunner r, ScenarioSession s1)
    {
        r.Note("B. every create opcode x every flag value (TTL opcode with a long ttl)");
        await r.Create(s1, "/cm", U("matrix"), Open, 0);
        foreach (var op in new[] { OpCode.Create, OpCode.Create2, OpCode.CreateContainer, OpCode.CreateTtl })
        {
            var parent = $"/cm/o{(int)op}";
            await r.Create(s1, parent, null, Open, 0);
            foreach (var flags in new[] { 0, 1, 2, 3, 4, 5, 6, 7, -1 })
            {
                var name = flags < 0 ? "fm1" : $"f{flags}";
                var created = await r.Create(s1, $"{parent}/{name}", U($"op{(int)op}-flags{flags}"), Open, flags, op,
                    op == OpCode.CreateTtl ? LongTtl : -1);
                if (created is not null)
                {
                    await r.GetData(s1, created);
                }
            }

            await r.GetChildren2(s1, parent);
        }

        r.Note("B2. TTL rules");
        // Not scripted: createTTL (21) with a non-TTL flag and ttl -1 passes Apache 3.8.0's checks and then
        // kills it ("Severe unrecoverable error" in SyncThread: IllegalArgumentException "ttl must be positive").
        await r.Create(s1, "/cm/t21-f0-ttl5", null, Open, 0, OpCode.CreateTtl, 5);
        await r.Create(s1, "/cm/t21-ttl0", null, Open, 5, OpCode.CreateTtl, 0);
        await r.Create(s1, "/cm/t21-ttlneg", null, Open, 5, OpCode.CreateTtl, -5);
        await r.Create(s1, "/cm/t21-ttlmax", null, Open, 5, OpCode.CreateTtl, 0xFF_FFFF_FFFF);
        await r.Create(s1, "/cm/t21-ttltoobig", null, Open, 5, OpCode.CreateTtl, 0x100_0000_0000);
        await r.Create(s1, "/cm/t21-seq-ttl0", null, Open, 6, OpCode.CreateTtl, 0);
        await r.Create(s1, "/cm/t21-eph", null, Open, 1, OpCode.CreateTtl, LongTtl);
        await r.Create(s1, "/cm/t21-ctr", null, Open, 4, OpCode.CreateTtl, LongTtl);
        await r.Create(s1, "/cm/t15-f5", null, Open, 5, OpCode.Create2);
        await r.Create(s1, "/cm/t15-f4", null, Open, 4, OpCode.Create2);
        await r.Create(s1, "/cm/t1-f8", null, Open, 8);
        await r.Create(s1, "/cm/t1-fmin", null, Open, int.MinValue);
        await r.GetData(s1, "/cm/t21-ttlmax");

        r.Note("B3. null, empty, binary and large data");
        await r.Create(s1, "/cm/null", null, Open, 0);
        await r.GetData(s1, "/cm/null");
        await r.Create(s1, "/cm/empty", [], Open, 0);
        await r.GetData(s1, "/cm/empty");
        await r.Create(s1, "/cm/bin", [0x00, 0x01, 0x7f, 0x80, 0xff], Open, 0, OpCode.Create2);
        await r.GetData(s1, "/cm/bin");
        await r.SetData(s1, "/cm/empty", null);
        await r.GetData(s1, "/cm/empty");
        await r.SetData(s1, "/cm/null", []);
        await r.GetData(s1, "/cm/null");
        var large = new byte[200_000];
        for (var i = 0; i < large.Length; i++)
        {
            large[i] = (byte)(i * 31 % 251);
        }

        await r.SetData(s1, "/cm/bin", large);
        await r.GetData(s1, "/cm/bin");
        await r.GetChildren2(s1, "/cm");
    }

    // ------------------------------------------------------------------ C

    private static async Task Sequential(ScenarioRunner r, ScenarioSession s1)
    {
        r.Note("C. sequential names: the parent's stored cversion, not lowered by deletes");
        await r.Create(s1, "/seq", null, Open, 0);
        await r.Create(s1, "/seq/x-", U("a"), Open, 2);
        await r.Create(s1, "/seq/x-", U("b"), Open, 2);
        await r.Create(s1, "/seq/x-", U("e"), Open, 3);
        await r.Delete(s1, "/seq/x-0000000000");
        await r.Create(s1, "/seq/x-", null, Open, 2);
        await r.GetChildren2(s1, "/seq");
        await r.Create(s1, "/seq/", null, Open, 2);
        await r.Create(s1, "/seq/", null, Open, 0);
        await r.Create(s1, "/seq/", null, Open, 3);
        await r.Create(s1, "/seq/", null, Open, 2, OpCode.Create2);
        await r.Create(s1, "/seq/", null, Open, 6, OpCode.CreateTtl, LongTtl);
        await r.Create(s1, "/seq/", null, Open, 4, OpCode.CreateContainer);
        await r.Create(s1, "/seq/y", null, Open, 0);
        await r.Delete(s1, "/seq/y");
        await r.Create(s1, "/seq/x-", null, Open, 2);
        await r.GetChildren2(s1, "/seq");
        await r.Create(s1, "/nope/x-", null, Open, 2);
        await r.Create(s1, "/seqc", null, Open, 0);
        await r.Create(s1, "/seqc/z0000000001", null, Open, 0);
        await r.Create(s1, "/seqc/z", null, Open, 2);
        await r.Create(s1, "/seqc/z", null, Open, 2);
        await r.GetChildren2(s1, "/seqc");
        var rootSeq = await r.Create(s1, "/rootseq-", null, Open, 2);
        if (rootSeq is not null)
        {
            await r.Delete(s1, rootSeq);
        }
    }

    // ------------------------------------------------------------------ D

    private static async Task CreateErrors(ScenarioRunner r, ScenarioSession s1, ScenarioSession s3)
    {
        r.Note("D. create errors and which check wins");
        await r.Create(s1, "/missing/child", null, Open, 0);
        await r.Create(s1, "/cm", null, Open, 0);
        await r.Create(s1, "/cm", null, Open, 0, OpCode.Create2);
        await r.Create(s1, "/eph", U("e"), Open, 1);
        await r.Create(s1, "/eph/c", null, Open, 0);
        await r.Create(s1, "/eph/c", null, Open, 2);
        await r.Create(s1, "/eph/c", null, Open, 1, OpCode.Create2);
        await r.Create(s1, "/eph/c", null, Open, 4, OpCode.CreateContainer);
        await r.Create(s1, "/eph/c", null, Open, 5, OpCode.CreateTtl, LongTtl);
        await r.Create(s3, "/eph/c", null, Open, 0);
        await r.GetData(s1, "/eph");

        r.Note("D2. path validation");
        string[] paths =
        [
            "a", "/a/", "//", "/cm//b", "/cm/./b", "/cm/../b", "/.", "/..", "", "/cm/a\u0000b", "/cm/a\u0001b", "/cm/a\u001fb",
            "/cm/a\u007fb", "/cm/a\u0090b", "/cm/a\ue000b", "/cm/a\ufff5b", "/cm/a b", "/cm/.x", "/cm/...", "/cm/a\u00e9b",
        ];
        foreach (var path in paths)
        {
            await r.Create(s1, path, null, Open, 0);
        }

        await r.Create(s1, "/zookeeper/x", U("z"), Open, 0);
        await r.GetData(s1, "/zookeeper/x");
        await r.Delete(s1, "/zookeeper/x");

        r.Note("D3. ACL validation");
        await r.Create(s1, "/acl-empty", null, [], 0);
        await r.Create(s1, "/acl-null", null, null, 0);
        await r.Create(s1, "/acl-auth", null, CreatorAll, 0);
        await r.Create(s1, "/acl-auth2", null, [A(Perms.All, "auth", "whatever")], 0);
        await r.Create(s1, "/acl-digest-nocolon", null, [A(Perms.All, "digest", "nocolon")], 0);
        await r.Create(s1, "/acl-digest-3parts", null, [A(Perms.All, "digest", "a:b:c")], 0);
        await r.Create(s1, "/acl-ip-bad", null, [A(Perms.All, "ip", "notanip")], 0);
        await r.Create(s1, "/acl-world-nobody", null, [A(Perms.All, "world", "nobody")], 0);
        await r.Create(s1, "/acl-scheme", null, [A(Perms.All, "foo", "bar")], 0);
        await r.Create(s1, "/acl-super", null, [A(Perms.All, "super", "x")], 0);
        await r.Create(s1, "/acl-mixed", null, [Open[0], A(Perms.All, "foo", "bar")], 0);
        await r.Create(s1, "bad", null, [], 0);
        await r.Create(s1, "/missing/x", null, [], 0);
        await r.Create(s1, "/missing/x", null, Open, 7);
        await r.Create(s1, "/missing/x", null, Open, 5, OpCode.CreateTtl, 0);
        await r.Create(s1, "/cm", null, [], 0);
        await r.Create(s1, "/eph/x", null, [], 0);

        r.Note("D4. unusual but valid ACLs");
        await r.Create(s1, "/acl-dup", null, [Open[0], Open[0], A(Perms.Read, "world", "anyone")], 0);
        await r.GetAcl(s1, "/acl-dup");
        await r.Create(s1, "/acl-ipnet", U("n"), [A(Perms.All, "ip", "127.0.0.0/8")], 0);
        await r.GetData(s1, "/acl-ipnet");
        await r.Create(s1, "/acl-digest-other", null, [A(Perms.Read, "digest", "someone:abc")], 0);
        await r.GetAcl(s1, "/acl-digest-other");
        await r.GetData(s1, "/acl-digest-other");
        await r.Create(s1, "/acl-perm0", U("p"), [A(Perms.None, "world", "anyone")], 0);
        await r.GetData(s1, "/acl-perm0");
        await r.GetAcl(s1, "/acl-perm0");
        await r.Exists(s1, "/acl-perm0");
        await r.Delete(s1, "/acl-perm0");
        await r.Create(s1, "/acl-perm63", null, [A((Perms)63, "world", "anyone")], 0);
        await r.GetAcl(s1, "/acl-perm63");
    }

    // ------------------------------------------------------------------ E

    private static async Task Deletes(ScenarioRunner r, ScenarioSession s1)
    {
        r.Note("E. delete");
        await r.Create(s1, "/del", null, Open, 0);
        await r.Create(s1, "/del/a", null, Open, 0);
        await r.Create(s1, "/del/b", null, Open, 0);
        await r.Create(s1, "/del/c", null, Open, 0);
        await r.Delete(s1, "/del/a", -1);
        await r.SetData(s1, "/del/b", U("1"));
        await r.SetData(s1, "/del/b", U("2"));
        await r.Delete(s1, "/del/b", 1);
        await r.Delete(s1, "/del/b", 2);
        await r.Delete(s1, "/del", -1);
        await r.Delete(s1, "/del", 99);
        await r.Delete(s1, "/del/nope");
        await r.Delete(s1, "/del/nope", 3);
        await r.Delete(s1, "/nope/nope");
        await r.Delete(s1, "/del/c", 5);
        await r.Delete(s1, "/del/c", -2);
        await r.GetChildren2(s1, "/del");
        await r.Delete(s1, "/del/c", 0);
        await r.GetChildren2(s1, "/del");
        await r.Delete(s1, "/del", 0);
        await r.Exists(s1, "/del");
        foreach (var path in new[] { "/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config", "a", "/a/", "", "//", "/zookeeper/nope" })
        {
            await r.Delete(s1, path);
        }
    }

    // ------------------------------------------------------------------ F

    private static async Task OneShotWatches(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2)
    {
        r.Note("F. one-shot data, exist and child watches fire once");
        await r.Exists(s2, "/rd", "x:/rd");
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Children);
        await r.Create(s1, "/rd", U("1"), Open, 0);
        await r.Drain(s2);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.Exists(s2, "/rd", "x2:/rd");
        await r.GetData(s2, "/rd", "d:/rd");
        await r.SetData(s1, "/rd", U("2"));
        await r.SetData(s1, "/rd", U("3"));
        await r.Drain(s2);
        await r.GetChildren(s2, "/rd", "c:/rd");
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Children);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Any);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.Create(s1, "/rd/a", null, Open, 0);
        await r.Create(s1, "/rd/b", null, Open, 0);
        await r.SetData(s1, "/rd", U("4"));
        await r.Drain(s2);
        await r.GetChildren2(s2, "/rd", "c2:/rd");
        await r.SetData(s1, "/rd", U("5"));
        await r.Delete(s1, "/rd/a");
        await r.Drain(s2);

        r.Note("F2. deleting a node fires its data, exist and child watches and the parent's child watch");
        await r.GetData(s2, "/rd/b", "d:/rd/b");
        await r.Exists(s2, "/rd/b", "x:/rd/b");
        await r.GetChildren(s2, "/rd/b", "c:/rd/b");
        await r.GetChildren(s2, "/rd", "c3:/rd");
        await r.Delete(s1, "/rd/b");
        await r.Drain(s2);
        await r.CheckWatchesRaw(s2, "/rd/b", WatcherType.Any);

        r.Note("F3. a session's own write fires its watch before the reply");
        await r.GetData(s2, "/rd", "own:/rd");
        await r.SetData(s2, "/rd", U("own"));

        r.Note("F4. missing nodes: getData and getChildren set no watch, exists does");
        await r.GetData(s2, "/rd/missing", "d:/rd/missing");
        await r.GetChildren(s2, "/rd/missing", "c:/rd/missing");
        await r.GetChildren2(s2, "/rd/missing", "c2:/rd/missing");
        await r.CheckWatchesRaw(s2, "/rd/missing", WatcherType.Any);
        await r.Exists(s2, "/rd/missing", "x:/rd/missing");
        await r.CheckWatchesRaw(s2, "/rd/missing", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/rd/missing", WatcherType.Children);
        await r.Create(s1, "/rd/missing", null, Open, 0);
        await r.Delete(s1, "/rd/missing");
        await r.Drain(s2);

        r.Note("F5. the client's removeWatches (17) and removeAllWatches (18)");
        await r.GetData(s2, "/rd", "rm1:/rd");
        await r.GetChildren(s2, "/rd", "rm2:/rd");
        await r.RemoveWatcher(s2, "/rd", "rm1:/rd", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.RemoveAllWatchers(s2, "/rd", WatcherType.Children);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Children);
        await r.RemoveAllWatchers(s2, "/rd", WatcherType.Children);
        await r.RemoveWatchesRaw(s2, "/rd", WatcherType.Children);
        await r.SetData(s1, "/rd", U("6"));
        await r.Drain(s2);
        await r.CheckWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.RemoveWatchesRaw(s2, "/rd", WatcherType.Data);
        await r.RemoveWatchesRaw(s2, "/nowhere", WatcherType.Any);
        await r.CheckWatchesRaw(s2, "/nowhere", WatcherType.Any);
    }

    // ------------------------------------------------------------------ G

    private static async Task SetDataVersions(ScenarioRunner r, ScenarioSession s1)
    {
        r.Note("G. setData and versions");
        await r.Create(s1, "/sd", U("v0"), Open, 0);
        await r.SetData(s1, "/sd", U("v1"), 0);
        await r.SetData(s1, "/sd", U("x"), 0);
        await r.SetData(s1, "/sd", U("v2"), -1);
        await r.SetData(s1, "/sd", U("v3"), 2);
        await r.SetData(s1, "/sd", U("x"), 99);
        await r.SetData(s1, "/sd", U("x"), -2);
        await r.SetData(s1, "/sd/missing", U("x"));
        await r.SetData(s1, "/sd/missing", U("x"), 5);
        await r.SetData(s1, "sd", U("x"));
        await r.SetData(s1, "/sd/", U("x"));
        await r.GetData(s1, "/sd");
        await r.SetData(s1, "/", U("root"));
        await r.GetData(s1, "/");
        await r.SetData(s1, "/", []);
        await r.SetData(s1, "/zookeeper/config", U("x"));
        await r.SetData(s1, "/zookeeper", U("z"));
        await r.GetData(s1, "/zookeeper");
        await r.SetData(s1, "/zookeeper", []);
        await r.Exists(s1, "/sd");
        await r.Exists(s1, "/zookeeper");
    }

    // ------------------------------------------------------------------ H

    private static async Task AclChecks(ScenarioRunner r, ScenarioSession s1, ScenarioSession s3)
    {
        r.Note("H. digest auth and ACL checks");
        await r.WhoAmI(s3);
        await r.AddAuth(s3, "digest", "bob:secret");
        await r.WhoAmI(s3);
        await r.Create(s3, "/acl", null, Open, 0);
        await r.Create(s3, "/acl/bob", U("secret"), BobOnly, 0);
        await r.Create(s3, "/acl/bob/kid", null, Open, 0);
        await r.Create(s3, "/acl/creator", null, CreatorAll, 0);
        await r.GetAcl(s3, "/acl/creator");
        await r.GetAcl(s3, "/acl/bob");
        await r.GetData(s3, "/acl/bob");

        r.Note("H2. a session without the identity is denied");
        await r.GetData(s1, "/acl/bob");
        await r.GetData(s1, "/acl/bob", "d:/acl/bob");
        await r.CheckWatchesRaw(s1, "/acl/bob", WatcherType.Data);
        await r.Exists(s1, "/acl/bob");
        await r.GetChildren(s1, "/acl/bob");
        await r.GetChildren2(s1, "/acl/bob");
        await r.GetAllChildrenNumber(s1, "/acl/bob");
        await r.GetAcl(s1, "/acl/bob");
        await r.SetData(s1, "/acl/bob", U("x"));
        await r.SetData(s1, "/acl/bob", U("x"), 99);
        await r.SetAcl(s1, "/acl/bob", Open);
        await r.SetAcl(s1, "/acl/bob", Open, 99);
        await r.Create(s1, "/acl/bob/new", null, Open, 0);
        await r.Create(s1, "/acl/bob/kid", null, Open, 0);
        await r.Create(s1, "/acl/bob/x/y", null, Open, 0);
        await r.Delete(s1, "/acl/bob/kid");
        await r.Delete(s1, "/acl/bob/missing");
        await r.GetAcl(s1, "/acl/creator");

        r.Note("H2b. watch events need READ on the node: an exists watch set without it, a child watch on a readable parent");
        await r.Exists(s1, "/acl/bob", "x:/acl/bob");
        await r.CheckWatchesRaw(s1, "/acl/bob", WatcherType.Data);
        await r.GetChildren(s1, "/acl", "c:/acl");
        await r.SetData(s3, "/acl/bob", U("secret2"));
        await r.Create(s3, "/acl/hidden", U("h"), BobOnly, 0);
        await r.Drain(s1);
        await r.CheckWatchesRaw(s1, "/acl/bob", WatcherType.Data);
        await r.Exists(s1, "/acl/hidden", "x:/acl/hidden");
        await r.GetChildren(s1, "/acl", "c2:/acl");
        await r.Delete(s3, "/acl/hidden");
        await r.Drain(s1);
        await r.CheckWatchesRaw(s1, "/acl/hidden", WatcherType.Data);

        r.Note("H3. one node per permission bit: what world:anyone can do with just that bit");
        var bits = new[] { Perms.Read, Perms.Write, Perms.Create, Perms.Delete, Perms.Admin };
        foreach (var bit in bits)
        {
            await r.Create(s3, $"/acl/p-{bit}", U(bit.ToString()), [A(bit, "world", "anyone"), A(Perms.All, "digest", Bob)], 0);
            await r.Create(s3, $"/acl/p-{bit}/kid", null, Open, 0);
        }

        foreach (var bit in bits)
        {
            var node = $"/acl/p-{bit}";
            await r.GetData(s1, node);
            await r.SetData(s1, node, U("by-s1"));
            await r.Create(s1, node + "/s1", null, Open, 0);
            await r.Delete(s1, node + "/kid");
            await r.GetAcl(s1, node);
            await r.SetAcl(s1, node, [A(bit, "world", "anyone"), A(Perms.All, "digest", Bob)]);
            await r.GetChildren(s1, node);
        }

        await r.GetAcl(s3, "/acl/p-Read");

        r.Note("H4. world:anyone read-only");
        await r.Create(s3, "/acl/ro", U("ro"), ReadOnly, 0);
        await r.GetData(s1, "/acl/ro");
        await r.SetData(s1, "/acl/ro", U("x"));
        await r.Create(s1, "/acl/ro/c", null, Open, 0);
        await r.GetAcl(s1, "/acl/ro");
        await r.SetAcl(s3, "/acl/ro", Open);
        await r.Create(s1, "/acl/ro", null, Open, 0);

        r.Note("H5. ip ACLs");
        await r.Create(s3, "/acl/ip", U("ip"), [A(Perms.All, "ip", "127.0.0.1")], 0);
        await r.GetData(s1, "/acl/ip");
        await r.Create(s3, "/acl/ip-other", U("ip"), [A(Perms.All, "ip", "10.1.2.3")], 0);
        await r.GetData(s1, "/acl/ip-other");
        await r.GetData(s3, "/acl/ip-other");
        await r.Create(s3, "/acl/ip-net", U("net"), [A(Perms.Read, "ip", "127.0.0.0/8")], 0);
        await r.GetData(s1, "/acl/ip-net");
        await r.SetData(s1, "/acl/ip-net", U("x"));

        r.Note("H6. setACL and aversion");
        await r.Create(s3, "/acl/v", null, Open, 0);
        await r.SetAcl(s3, "/acl/v", BobOnly, 0);
        await r.SetAcl(s3, "/acl/v", Open, 0);
        await r.SetAcl(s3, "/acl/v", Open, 1);
        await r.SetAcl(s3, "/acl/v", Open, -1);
        await r.SetAcl(s3, "/acl/v", [], -1);
        await r.SetAcl(s3, "/acl/v", null, -1);
        await r.SetAcl(s3, "/acl/v", [A(Perms.All, "digest", "nocolon")], -1);
        await r.SetAcl(s3, "/acl/v", CreatorAll, -1);
        await r.GetAcl(s3, "/acl/v");
        await r.Exists(s1, "/acl/v", "x:/acl/v");
        await r.SetAcl(s3, "/acl/v", CreatorAll, 5);
        await r.Drain(s1);
        await r.CheckWatchesRaw(s1, "/acl/v", WatcherType.Data);
        await r.SetAcl(s3, "/acl/missing", Open);
        await r.SetAcl(s3, "/acl/missing", []);
        await r.SetAcl(s3, "acl", Open);
        await r.SetAcl(s1, "/acl/v", Open, 99);
        await r.Exists(s3, "/acl/v");

        r.Note("H7. more identities on one session");
        await r.WhoAmI(s1);
        await r.Create(s1, "/acl/s1-creator", null, CreatorAll, 0);
        await r.AddAuth(s1, "digest", "alice:pw");
        await r.AddAuth(s1, "digest", "nocolon");
        await r.AddAuth(s1, "ip", "anything");
        await r.WhoAmI(s1);
        await r.Create(s1, "/acl/s1-creator", null, CreatorAll, 0);
        await r.GetAcl(s1, "/acl/s1-creator", sorted: true);
        await r.GetData(s1, "/acl/bob");
        await r.GetAcl(s3, "/acl/s1-creator");

        r.Note("H8. no permission for anyone");
        await r.Create(s3, "/acl/zero", U("z"), [A(Perms.None, "world", "anyone")], 0);
        await r.GetData(s3, "/acl/zero");
        await r.GetAcl(s3, "/acl/zero");
        await r.Exists(s3, "/acl/zero");
        await r.Delete(s3, "/acl/zero");
    }

    // ------------------------------------------------------------------ I

    private static async Task PersistentWatches(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2, ScenarioSession s3)
    {
        r.Note("I. persistent watch (node's data, existence and children)");
        await r.AddWatch(s2, "/pw", AddWatchMode.Persistent, "p:/pw");
        await r.AddWatch(s2, "/rw", AddWatchMode.PersistentRecursive, "r:/rw");
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Children);
        await r.CheckWatchesRaw(s2, "/rw", WatcherType.Any);
        await r.Create(s1, "/pw", U("1"), Open, 0);
        await r.SetData(s1, "/pw", U("2"));
        await r.Create(s1, "/pw/c", null, Open, 0);
        await r.SetData(s1, "/pw/c", U("x"));
        await r.Create(s1, "/pw/c/g", null, Open, 0);
        await r.Delete(s1, "/pw/c/g");
        await r.Delete(s1, "/pw/c");
        await r.Drain(s2);
        await r.Delete(s1, "/pw");
        await r.Create(s1, "/pw", U("again"), Open, 0);
        await r.Drain(s2);

        r.Note("I2. persistent recursive watch (data and existence of the subtree, no child events)");
        await r.Create(s1, "/rw", null, Open, 0);
        await r.Create(s1, "/rw/a", null, Open, 0);
        await r.Create(s1, "/rw/a/b", U("b"), Open, 0);
        await r.SetData(s1, "/rw/a/b", U("b2"));
        await r.SetData(s1, "/rw", U("top"));
        await r.Create(s1, "/rw/a/s-", null, Open, 2);
        await r.Create(s1, "/rw/e", null, Open, 1);
        await r.Delete(s1, "/rw/a/b");
        await r.Drain(s2);
        await r.Multi(s1,
            Ops.Create("/rw/m1", null, Open, CreateMode.Persistent),
            Ops.Create("/rw/m1/m2", null, Open, CreateMode.Persistent),
            Ops.SetData("/rw/m1", U("m")),
            Ops.Delete("/rw/m1/m2"));
        await r.Drain(s2);

        r.Note("I3. a recursive watch and a node the watcher may not read");
        await r.Create(s3, "/rw/secret", U("s"), BobOnly, 0);
        await r.SetData(s3, "/rw/secret", U("s2"));
        await r.Create(s3, "/rw/secret/kid", null, Open, 0);
        await r.Delete(s3, "/rw/secret/kid");
        await r.Delete(s3, "/rw/secret");
        await r.Drain(s2);

        r.Note("I4. a persistent and a one-shot watch on one path: one notification, both watchers");
        await r.GetData(s2, "/pw", "d:/pw");
        await r.Exists(s2, "/rw/a", "x:/rw/a");
        await r.SetData(s1, "/pw", U("3"));
        await r.SetData(s1, "/rw/a", U("a"));
        await r.Drain(s2);

        r.Note("I5. removing a persistent watch on the server, table by table (client tables untouched)");
        await r.RemoveWatchesRaw(s2, "/pw", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Data);
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Children);
        await r.SetData(s1, "/pw", U("4"));
        await r.Create(s1, "/pw/k", null, Open, 0);
        await r.Drain(s2);
        await r.RemoveWatchesRaw(s2, "/pw", WatcherType.Children);
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Any);
        await r.Create(s1, "/pw/k2", null, Open, 0);
        await r.Drain(s2);
        await r.RemoveWatchesRaw(s2, "/rw", WatcherType.Any);
        await r.SetData(s1, "/rw/a", U("gone"));
        await r.Drain(s2);
        await r.RemoveWatchesRaw(s2, "/rw", WatcherType.Any);

        r.Note("I6. addWatch on a missing path and on an invalid one; the client's removeWatches of a persistent watch");
        await r.AddWatch(s2, "/pwm/deep", AddWatchMode.PersistentRecursive, "r:/pwm/deep");
        await r.Create(s1, "/pwm", null, Open, 0);
        await r.Create(s1, "/pwm/deep", null, Open, 0);
        await r.Create(s1, "/pwm/deep/x", null, Open, 0);
        await r.Drain(s2);
        await r.AddWatch(s2, "bad", AddWatchMode.Persistent, "p:bad");
        await r.AddWatch(s2, "/pw", AddWatchMode.Persistent, "p2:/pw");
        await r.CheckWatchesRaw(s2, "/pw", WatcherType.Data);
        await r.RemoveWatcher(s2, "/pw", "p2:/pw", WatcherType.Any);
        await r.SetData(s1, "/pw", U("5"));
        await r.Drain(s2);
    }

    // ------------------------------------------------------------------ J

    private static async Task SetWatchesReplay(ScenarioRunner r, ScenarioSession s1)
    {
        r.Note("J. setWatches (101) and setWatches2 (105) relative to an earlier reply zxid");
        var s7 = await r.Open("s7");
        await r.Create(s1, "/sw", null, Open, 0);
        foreach (var name in new[] { "d", "del", "c", "same", "cs", "pre" })
        {
            await r.Create(s1, "/sw/" + name, U(name), Open, 0);
        }

        // Client-side registrations whose server-side watches are then removed raw: the events
        // setWatches fires find a watcher in the client.
        await r.GetData(s7, "/sw/d", "d:/sw/d");
        await r.GetData(s7, "/sw/del", "d:/sw/del");
        await r.Exists(s7, "/sw/new", "x:/sw/new");
        await r.GetChildren(s7, "/sw/c", "c:/sw/c");
        await r.GetData(s7, "/sw/same", "d:/sw/same");
        await r.GetChildren(s7, "/sw/cs", "c:/sw/cs");
        await r.Exists(s7, "/sw/pre", "x:/sw/pre");
        foreach (var (path, type) in new[]
                 {
                     ("/sw/d", WatcherType.Data), ("/sw/del", WatcherType.Data), ("/sw/new", WatcherType.Data),
                     ("/sw/c", WatcherType.Children), ("/sw/same", WatcherType.Data), ("/sw/cs", WatcherType.Children),
                     ("/sw/pre", WatcherType.Data),
                 })
        {
            await r.RemoveWatchesRaw(s7, path, type);
        }

        await r.CheckWatchesRaw(s7, "/sw/d", WatcherType.Any);
        await r.Sync(s7, "/sw");
        var relative = s7.Client.LastZxid;
        await r.SetData(s1, "/sw/d", U("d2"));
        await r.Delete(s1, "/sw/del");
        await r.Create(s1, "/sw/new", null, Open, 0);
        await r.Create(s1, "/sw/c/x", null, Open, 0);
        await r.Drain(s7);
        await r.SetWatchesRaw(s7, relative,
            ["/sw/d", "/sw/del", "/sw/same"], ["/sw/new", "/sw/pre", "/sw/never"], ["/sw/c", "/sw/cs"]);
        await r.CheckWatchesRaw(s7, "/sw/same", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/never", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/cs", WatcherType.Children);
        await r.CheckWatchesRaw(s7, "/sw/d", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/c", WatcherType.Children);
        await r.CheckWatchesRaw(s7, "/sw/pre", WatcherType.Data);
        await r.SetData(s1, "/sw/same", U("s"));
        await r.Create(s1, "/sw/cs/y", null, Open, 0);
        await r.Drain(s7);
        await r.Create(s1, "/sw/never", null, Open, 0);
        await r.Drain(s7);
        await r.CheckWatchesRaw(s7, "/sw/never", WatcherType.Data);

        r.Note("J2. a relative zxid newer than every change re-adds without firing");
        await r.GetData(s7, "/sw/d", "d2:/sw/d");
        await r.RemoveWatchesRaw(s7, "/sw/d", WatcherType.Data);
        await r.SetWatchesRaw(s7, s7.Client.LastZxid, ["/sw/d"], [], ["/sw"]);
        await r.CheckWatchesRaw(s7, "/sw", WatcherType.Children);
        await r.SetData(s1, "/sw/d", U("d3"));
        await r.Drain(s7);
        await r.SetWatchesRaw(s7, 0, ["/sw/same", "/sw/gone"], [], ["/sw/gone"]);
        await r.CheckWatchesRaw(s7, "/sw/same", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/gone", WatcherType.Any);

        r.Note("J3. setWatches2 with persistent and recursive lists");
        await r.SetWatches2Raw(s7, s7.Client.LastZxid, [], ["/sw/x2"], [], ["/sw/p"], ["/sw/r"]);
        await r.CheckWatchesRaw(s7, "/sw/p", WatcherType.Children);
        await r.CheckWatchesRaw(s7, "/sw/p", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/r", WatcherType.Data);
        await r.CheckWatchesRaw(s7, "/sw/x2", WatcherType.Data);
        await r.RemoveWatchesRaw(s7, "/sw/p", WatcherType.Any);
        await r.RemoveWatchesRaw(s7, "/sw/r", WatcherType.Any);
        await r.RemoveWatchesRaw(s7, "/sw/x2", WatcherType.Any);
        await r.CheckWatchesRaw(s7, "/sw/r", WatcherType.Any);
        await r.Close(s7);
    }

    // ------------------------------------------------------------------ K

    private static async Task EphemeralQueries(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2)
    {
        r.Note("K. getEphemerals, getAllChildrenNumber, whoAmI");
        var s4 = await r.Open("s4");
        await r.Create(s4, "/ge", null, Open, 0);
        await r.Create(s4, "/ge/a", null, Open, 1);
        await r.Create(s4, "/ge/b", null, Open, 1);
        await r.Create(s4, "/ge/s-", null, Open, 3);
        await r.Create(s4, "/ge/sub", null, Open, 0);
        await r.Create(s4, "/ge/sub/e", null, Open, 1);
        await r.Create(s4, "/ge-other", null, Open, 1);
        foreach (var prefix in new[] { "/", "/ge", "/ge/", "/ge/s", "/nomatch", "", "ge", "/ge/sub/e" })
        {
            await r.GetEphemerals(s4, prefix);
        }

        await r.GetEphemerals(s1, "/");
        await r.GetEphemerals(s2, "/");
        await r.Delete(s1, "/ge/b");
        await r.SetData(s1, "/ge/a", U("by-s1"));
        await r.GetEphemerals(s4, "/ge");
        await r.GetData(s4, "/ge/a");
        foreach (var path in new[] { "/ge", "/ge/sub", "/ge/a", "/nope", "/cm", "/", "/zookeeper", "bad" })
        {
            await r.GetAllChildrenNumber(s4, path);
        }

        await r.WhoAmI(s4);
        await r.WhoAmI(s2);
        await r.Close(s4);
        await r.GetChildren2(s1, "/ge");
        await r.Exists(s1, "/ge-other");
    }

    // ------------------------------------------------------------------ L

    private static async Task CloseRemovesEphemerals(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2)
    {
        r.Note("L. closing a session deletes its ephemerals; other sessions' watches see it");
        var s5 = await r.Open("s5");
        await r.Create(s5, "/close", null, Open, 0);
        await r.Create(s5, "/close/e", U("e"), Open, 1);
        await r.Exists(s2, "/close/e", "x:/close/e");
        await r.GetData(s2, "/close/e", "d:/close/e");
        await r.GetChildren(s2, "/close", "c:/close");
        await r.GetEphemerals(s5, "/");
        await r.Close(s5);
        await r.Drain(s2, sort: true);
        await r.Exists(s1, "/close/e");
        await r.GetChildren2(s1, "/close");

        r.Note("L2. several ephemerals, one of them the last child of a container");
        var s6 = await r.Open("s6");
        await r.Create(s6, "/close/m1", null, Open, 1);
        await r.Create(s6, "/close/m2", null, Open, 1);
        await r.Create(s6, "/close/q-", null, Open, 3);
        await r.Create(s1, "/ctr-eph", null, Open, 4, OpCode.CreateContainer);
        await r.Create(s6, "/ctr-eph/e", null, Open, 1);
        await r.Exists(s2, "/close/m1", "x:/close/m1");
        await r.Exists(s2, "/close/m2", "x:/close/m2");
        await r.Exists(s2, "/ctr-eph", "x:/ctr-eph");
        await r.GetChildren(s2, "/close", "c2:/close");
        await r.GetChildren(s2, "/ctr-eph", "c:/ctr-eph");
        await r.Close(s6);
        await r.AwaitGone(s1, "/ctr-eph", GoneBound);
        await r.Drain(s2, sort: true);
        await r.GetChildren2(s1, "/close");
        await r.GetChildren2(s1, "/");
    }

    // ------------------------------------------------------------------ M

    private static async Task ContainersAndTtl(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2)
    {
        r.Note("M. a container goes once its last child is deleted");
        await r.Create(s1, "/ctr", U("c"), Open, 4, OpCode.CreateContainer);
        await r.Create(s1, "/ctr/a", null, Open, 0);
        await r.Create(s1, "/ctr/b", null, Open, 0);
        await r.GetChildren2(s1, "/ctr");
        await r.Exists(s2, "/ctr", "x:/ctr");
        await r.GetChildren(s2, "/", "c:/");
        await r.Delete(s1, "/ctr/a");
        await r.Settle(400);
        await r.Exists(s1, "/ctr");
        await r.Delete(s1, "/ctr/b");
        await r.AwaitGone(s1, "/ctr", GoneBound);
        await r.Drain(s2);
        await r.GetChildren2(s1, "/");

        r.Note("M2. never-used containers stay; container flags through opcode 1; a container emptied inside one multi");
        await r.Create(s1, "/ctr-unused", null, Open, 4, OpCode.CreateContainer);
        await r.Create(s1, "/ctr-op1", null, Open, 4);
        await r.Create(s1, "/ctr-op1/kid", null, Open, 0);
        await r.Delete(s1, "/ctr-op1/kid");
        await r.Create(s1, "/ctr2", null, Open, 4, OpCode.CreateContainer);
        await r.Multi(s1, Ops.Create("/ctr2/k", null, Open, CreateMode.Persistent), Ops.Delete("/ctr2/k"));
        // /ctr2 going shows the reaper has looked at the others too; then two more of its rounds. (Settling a fixed
        // time first made the exists replies' zxid depend on whether the reaper had run yet.)
        await r.AwaitGone(s1, "/ctr2", GoneBound);
        await r.Settle(500);
        await r.Exists(s1, "/ctr-unused");
        await r.Exists(s1, "/ctr-op1");

        r.Note("M3. TTL nodes expire when childless and older than their ttl");
        await r.Create(s1, "/ttlkid", null, Open, 5, OpCode.CreateTtl, 2000);
        await r.Create(s1, "/ttlkid/c", null, Open, 0);
        await r.Create(s1, "/ttl1", U("t"), Open, 5, OpCode.CreateTtl, 2000);
        await r.Exists(s2, "/ttl1", "x:/ttl1");
        await r.AwaitGone(s1, "/ttl1", GoneBound);
        await r.Drain(s2);
        await r.Exists(s1, "/ttlkid");
        await r.Delete(s1, "/ttlkid/c");
        await r.AwaitGone(s1, "/ttlkid", GoneBound);
        var ttlSeq = await r.Create(s1, "/ttlseq-", null, Open, 6, OpCode.CreateTtl, 500);
        if (ttlSeq is not null)
        {
            await r.AwaitGone(s1, ttlSeq, GoneBound);
        }

        await r.GetChildren2(s1, "/");
    }

    // ------------------------------------------------------------------ N

    private static async Task Multis(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2)
    {
        r.Note("N. multi: every write op type in one success");
        await r.Create(s1, "/mu", null, Open, 0);
        await r.GetChildren(s2, "/mu", "c:/mu");
        await r.Exists(s2, "/mu/b", "x:/mu/b");
        await r.Multi(s1,
            Ops.Create("/mu/a", U("a"), Open, CreateMode.Persistent),
            Ops.Create2("/mu/b", U("b"), Open, CreateMode.Persistent),
            Ops.Create("/mu/ctr", null, Open, CreateMode.Container),
            Ops.Create("/mu/ttl", null, Open, CreateMode.PersistentWithTtl, LongTtl),
            Ops.Create("/mu/s-", null, Open, CreateMode.PersistentSequential),
            Ops.Create("/mu/e", null, Open, CreateMode.Ephemeral),
            Ops.SetData("/mu", U("x"), 0),
            Ops.Check("/mu", 1),
            Ops.Delete("/mu/a", 0),
            Ops.Check("/mu/b", 0),
            Ops.Check("/mu/b", -1));
        await r.Drain(s2);
        await r.GetChildren2(s1, "/mu");
        await r.GetData(s1, "/mu/ttl");
        await r.GetData(s1, "/mu/ctr");
        await r.GetData(s1, "/mu/e");

        r.Note("N2. failing multis: per-op results, nothing applied, a zxid used");
        await r.Multi(s1, Ops.Create("/mu/b", null, Open, CreateMode.Persistent), Ops.Create("/mu/n1", null, Open, CreateMode.Persistent),
            Ops.SetData("/mu", U("y")));
        await r.Multi(s1, Ops.Create("/mu/n1", null, Open, CreateMode.Persistent), Ops.Delete("/mu/nope"), Ops.SetData("/mu", U("y")));
        await r.Multi(s1, Ops.Create("/mu/n1", null, Open, CreateMode.Persistent), Ops.SetData("/mu", U("y")), Ops.Check("/mu", 99));
        await r.MultiRaw(s1, Ops.Create("/mu/n1", null, Open, CreateMode.Persistent), Ops.Check("/mu/b", 5), Ops.Delete("/mu/b"));
        await r.MultiRaw(s1, Ops.Create2("/mu/r1", U("r"), Open, CreateMode.Persistent), Ops.Delete("/mu/r1"), Ops.Check("/mu", -1));
        await r.Multi(s1, Ops.Create("bad", null, Open, CreateMode.Persistent));
        await r.Multi(s1, Ops.SetData("/mu", U("z")), Ops.Create("/mu/n2", null, [], CreateMode.Persistent));
        await r.Multi(s1, Ops.SetData("/acl/ro", U("z")));
        await r.Multi(s1, Ops.Check("/acl/bob", 0));
        await r.Multi(s1, Ops.Delete("/mu"));
        await r.Multi(s1, Ops.Create("/mu/e/x", null, Open, CreateMode.Persistent));
        await r.Multi(s1, Ops.Delete("/mu/b", 7));
        await r.Multi(s1, Ops.Create("/mu/t0", null, Open, CreateMode.PersistentWithTtl, 0));
        await r.Multi(s1, new MultiOp(OpCode.Create, new CreateRequest("/mu/f7", null, Open, 7)));
        await r.MultiRaw(s1, new MultiOp(OpCode.Create, new CreateRequest("/mu/f5", null, Open, 5)));
        await r.Multi(s1, Ops.Check("/mu/missing", 0));
        await r.Multi(s1, Ops.Create("/mu/n3", null, Open, CreateMode.Persistent), Ops.Create("/mu/n3", null, Open, CreateMode.Persistent));
        await r.Multi(s1, Ops.Delete("/mu/b"), Ops.Create("/mu/b", U("b2"), Open, CreateMode.Persistent));
        await r.Multi(s1, Ops.Create("/mu/e2", null, Open, CreateMode.Ephemeral), Ops.Check("/mu", 99));
        await r.Multi(s1, Ops.Delete("/cm/o15/f1"), Ops.Create("/mu/e3", null, Open, CreateMode.EphemeralSequential));
        await r.GetEphemerals(s1, "/");
        await r.Multi(s1, Ops.Create("/mu/p", null, Open, CreateMode.Persistent), Ops.Create("/mu/p/c", null, Open, CreateMode.Persistent),
            Ops.Delete("/mu/p/c"), Ops.Delete("/mu/p"));
        await r.Multi(s1);
        await r.MultiRaw(s1);
        await r.Drain(s2);
        await r.GetChildren2(s1, "/mu");
        await r.GetData(s1, "/mu");

        r.Note("N3. multiRead");
        await r.MultiRead(s1, Ops.GetData("/mu"), Ops.GetData("/nope"), Ops.GetChildren("/mu"), Ops.GetChildren("/nope"),
            Ops.GetData("/acl/bob"), Ops.GetData("/cm/null"), Ops.GetData("/cm/empty"), Ops.GetChildren("/acl/bob"),
            Ops.GetData("bad"));
        await r.MultiRead(s1);
        await r.Raw(s1, OpCode.MultiRead, new MultiRequest([Ops.GetData("/mu"), Ops.GetChildren("/zookeeper")]), "multiRead raw");
    }

    // ------------------------------------------------------------------ O

    private static async Task Finish(ScenarioRunner r, ScenarioSession s1, ScenarioSession s2, ScenarioSession s3)
    {
        r.Note("O. the final tree; the main session's ephemerals go with it");
        await r.GetChildren2(s1, "/");
        await r.Exists(s1, "/zookeeper");
        await r.GetAllChildrenNumber(s1, "/");
        await r.GetEphemerals(s1, "/");
        await r.Exists(s3, "/eph", "x:/eph");
        await r.GetChildren(s3, "/seq", "c:/seq");
        await r.Close(s2);
        await r.Close(s1);
        await r.Drain(s3, sort: true);
        await r.GetChildren2(s3, "/seq");
        await r.Exists(s3, "/eph");
        await r.GetAllChildrenNumber(s3, "/");
        await r.Close(s3);
    }

    // ------------------------------------------------------------------ P

    private static async Task OddRequests(ScenarioRunner r)
    {
        r.Note("P. sync on any path");
        var s8 = await r.Open("s8");
        foreach (var path in new[] { "/cm", "/nope", "bad", "" })
        {
            await r.Sync(s8, path);
        }

        r.Note("P2. session resumption refused, requests refused: reconfig when disabled, an unknown opcode");
        await r.Raw(s8, OpCode.Reconfig, new ReconfigRequest(null, null, null, -1), "reconfig");
        // Not scripted: check (13) outside a multi. Apache 3.8.0 never answers it (a NullPointerException while
        // writing the reply), which leaves the client waiting for that xid.
        var wrongPassword = Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray();
        await r.Resume("s8'", "session s8 with a wrong password", s8.SessionId, wrongPassword, s8);
        await r.Resume("s8'", "an unknown session id (s8 + 0x1000) with an empty password", s8.SessionId + 0x1000, new byte[16], s8);
        await r.Exists(s8, "/");
        await r.RawThenReconnect(s8, (OpCode)99, null, "unknown opcode");
        await r.Exists(s8, "/");
        await r.WhoAmI(s8);
        await r.Close(s8);

        r.Note("P3. addAuth with an unknown scheme: AuthFailed, the connection is closed");
        var s9 = await r.Open("s9");
        await r.AddAuth(s9, "nosuchscheme", "x");
        await r.Exists(s9, "/");
        await r.Close(s9);
    }

    // ------------------------------------------------------------------ Q

    private static async Task MalformedRequests(ScenarioRunner r)
    {
        r.Note("Q. requests with values or bodies a 3.8 server does not accept: the reply and whether the connection survives");
        var s10 = await r.Open("s10");
        const double dropWait = 0.5;
        await r.RawThenReconnect(s10, OpCode.AddWatch, new AddWatchRequest("/x", (AddWatchMode)7), "addWatch mode 7", dropWait);
        await r.RawThenReconnect(s10, OpCode.CheckWatches, new WatchesRequest("/pw", WatcherType.Persistent), "checkWatches type 4 (3.9 only)",
            dropWait);
        await r.RawThenReconnect(s10, OpCode.RemoveWatches, new WatchesRequest("/pw", WatcherType.PersistentRecursive),
            "removeWatches type 5 (3.9 only)", dropWait);
        await r.RawThenReconnect(s10, OpCode.CheckWatches, new WatchesRequest("/pw", 0), "checkWatches type 0", dropWait);
        await r.RawThenReconnect(s10, OpCode.Sasl, new SaslRecord([1, 2, 3]), "sasl token 010203 (no SASL configured)", dropWait);
        await r.RawThenReconnect(s10, OpCode.GetData, new PathRecord("/cm"), "getData without the watch byte", dropWait);
        await r.RawThenReconnect(s10, OpCode.Sync, null, "sync without a body", dropWait);
        await r.RawThenReconnect(s10, OpCode.GetEphemerals, null, "getEphemerals without a body", dropWait);
        await r.RawThenReconnect(s10, OpCode.WhoAmI, new PathRecord("/x"), "whoAmI with a body", dropWait);
        await r.RawThenReconnect(s10, OpCode.Create,
            new RawBytes([0, 0, 0, 2, 0x2f, 0x7a, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9]),
            "create /z with an empty ACL and 2 trailing bytes", dropWait);
        await r.RawThenReconnect(s10, OpCode.DeleteContainer, new RawBytes(U("/ctr-unused")), "deleteContainer /ctr-unused from a client",
            dropWait);
        await r.RawThenReconnect(s10, OpCode.Delete, new RawBytes([0, 0, 0, 9, 0x2f]), "delete with a truncated body", dropWait);
        await r.Exists(s10, "/ctr-unused");
        await r.RawThenReconnect(s10, OpCode.SetData, new SetDataRequest("/cm/bin", new byte[1_100_000], -1),
            "setData of 1100000 bytes (a request over jute.maxbuffer)");
        await r.GetData(s10, "/cm/bin");
        await r.RawThenReconnect(s10, OpCode.CloseSession, null, "closeSession");
        await r.Close(s10);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private static Acl A(Perms perms, string scheme, string id) => new(perms, new Id(scheme, id));

    /// <summary>The digest id ZooKeeper derives from "user:password": user:base64(sha1("user:password")).</summary>
    public static string DigestId(string user, string password) =>
        user + ":" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(user + ":" + password)));
}
