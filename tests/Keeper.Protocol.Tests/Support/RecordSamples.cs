using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Protocol.Tests.Support;

/// <summary>
/// One value of a record type, how to read it back, and (where given) its exact encoding, worked out by
/// hand from PROTOCOL.md §2. Every field of a sample has a distinct value, so a reader that swaps or
/// skips a field can't read the sample back unchanged.
/// </summary>
internal sealed record Sample(string Name, IJuteRecord Value, Type RecordType, Func<byte[], (object? Value, int Consumed)> Decode)
{
    /// <summary>The documented bytes, or null when the sample only round-trips.</summary>
    public string? Hex { get; init; }

    /// <summary>Shorter inputs the wire format allows (optional trailing fields); every other prefix is truncated.</summary>
    public Func<int, int, bool> AcceptsPrefix { get; init; } = (_, _) => false;

    public override string ToString() => Name;
}

internal static class RecordSamples
{
    // A Stat whose 11 fields all differ, and its 68 bytes in field order.
    public static readonly Stat Stat = new(
        Czxid: 0x100000001, Mzxid: 0x100000002, Ctime: 0x18c0a1b2c3d, Mtime: 0x18c0a1b2c3e,
        Version: 3, Cversion: 4, Aversion: 5, EphemeralOwner: 0x1000007eb810008,
        DataLength: 6, NumChildren: 7, Pzxid: 0x100000003);

    public const string StatHex =
        "0000000100000001 0000000100000002 0000018c0a1b2c3d 0000018c0a1b2c3e 00000003 00000004 00000005 " +
        "01000007eb810008 00000006 00000007 0000000100000003";

    /// <summary>vector&lt;ACL&gt; holding OPEN_ACL_UNSAFE: count 1, perms 31, "world", "anyone".</summary>
    public const string OpenAclHex = "00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65";

    private static readonly byte[] Password = Convert.FromHexString("9ebb7764ae45fcf195497f8e44f239cc");

    private static Sample Of<T>(string name, T value) where T : IJuteRecord<T> =>
        new(name, value, typeof(T), bytes =>
        {
            var r = new JuteReader(bytes);
            var v = T.Read(ref r);
            return (v, r.Position);
        });

    private static Sample Of<T>(string name, T value, ReaderFunc<T> read) where T : IJuteRecord<T> =>
        new(name, value, typeof(T), bytes =>
        {
            var r = new JuteReader(bytes);
            var v = read(ref r);
            return (v, r.Position);
        });

    public static readonly IReadOnlyList<Sample> All =
    [
        // org.apache.zookeeper.data
        Of("Id", new Id("world", "anyone")) with { Hex = "00000005 776f726c64 00000006 616e796f6e65" },
        Of("Acl", new Acl(Perms.Read | Perms.Write, new Id("ip", "10.0.0.1")))
            with { Hex = "00000003 00000002 6970 00000008 31302e302e302e31" },
        Of("Stat", Stat) with { Hex = StatHex },
        Of("StatPersisted", new StatPersisted(0x100000001, 0x100000002, 0x18c0a1b2c3d, 0x18c0a1b2c3e, 3, 4, 5, 0x1000007eb810008, 0x100000003))
            with { Hex = "0000000100000001 0000000100000002 0000018c0a1b2c3d 0000018c0a1b2c3e 00000003 00000004 00000005 01000007eb810008 0000000100000003" },
        Of("ClientInfo", new ClientInfo("ip", "127.0.0.1")) with { Hex = "00000002 6970 00000009 3132372e302e302e31" },

        // Handshake
        Of("ConnectRequest", new ConnectRequest(0, 0x1a, 40000, 0x1000007eb810008, Password, ReadOnly: true))
            with
            {
                Hex = "00000000 000000000000001a 00009c40 01000007eb810008 00000010 9ebb7764ae45fcf195497f8e44f239cc 01",
                AcceptsPrefix = (length, full) => length == full - 1,
            },
        Of("ConnectRequest without readOnly", new ConnectRequest(0, 0x1a, 40000, 0x1000007eb810008, Password, false, HasReadOnlyField: false))
            with { Hex = "00000000 000000000000001a 00009c40 01000007eb810008 00000010 9ebb7764ae45fcf195497f8e44f239cc" },
        Of("ConnectRequest with null password", new ConnectRequest(0, 0, 30000, 0, null, false))
            with { Hex = "00000000 0000000000000000 00007530 0000000000000000 ffffffff 00", AcceptsPrefix = (length, full) => length == full - 1 },
        Of("ConnectResponse", new ConnectResponse(0, 30000, 0x1000007eb810008, Password, ReadOnly: true))
            with
            {
                Hex = "00000000 00007530 01000007eb810008 00000010 9ebb7764ae45fcf195497f8e44f239cc 01",
                AcceptsPrefix = (length, full) => length == full - 1,
            },
        Of("ConnectResponse without readOnly", new ConnectResponse(0, 30000, 0x1000007eb810008, Password, false, HasReadOnlyField: false))
            with { Hex = "00000000 00007530 01000007eb810008 00000010 9ebb7764ae45fcf195497f8e44f239cc" },

        // Headers
        Of("RequestHeader", new RequestHeader(7, OpCode.GetData)) with { Hex = "00000007 00000004" },
        Of("ReplyHeader", new ReplyHeader(7, 0x1a, ErrorCode.NoNode)) with { Hex = "00000007 000000000000001a ffffff9b" },
        Of("MultiHeader", new MultiHeader(1, false, -1)) with { Hex = "00000001 00 ffffffff" },

        // org.apache.zookeeper.proto
        Of("AuthPacket", new AuthPacket(0, "digest", "bob:pw"u8.ToArray()))
            with { Hex = "00000000 00000006 646967657374 00000006 626f623a7077" },
        Of("AuthPacket with null auth", new AuthPacket(0, "ip", null)) with { Hex = "00000000 00000002 6970 ffffffff" },
        Of("WatcherEvent", new WatcherEvent(EventType.NodeDeleted, KeeperState.SyncConnected, "/a"))
            with { Hex = "00000002 00000003 00000002 2f61" },
        Of("SetWatches", new SetWatches(0x55, ["/a"], [], ["/b", "/c"]))
            with { Hex = "0000000000000055 00000001 00000002 2f61 00000000 00000002 00000002 2f62 00000002 2f63" },
        Of("SetWatches2", new SetWatches2(0x55, ["/a"], ["/b"], ["/c"], ["/d"], ["/e"]))
            with
            {
                Hex = "0000000000000055 00000001 00000002 2f61 00000001 00000002 2f62 00000001 00000002 2f63 " +
                      "00000001 00000002 2f64 00000001 00000002 2f65",
            },
        Of("ErrorResponse", new ErrorResponse(ErrorCode.NodeExists)) with { Hex = "ffffff92" },
        Of("PathRecord", new PathRecord("/a")) with { Hex = "00000002 2f61" },
        Of("PathWatchRequest", new PathWatchRequest("/a", true)) with { Hex = "00000002 2f61 01" },
        Of("CreateRequest", new CreateRequest("/a", [0x01, 0x02], Acls.OpenAclUnsafe, 2))
            with { Hex = $"00000002 2f61 00000002 0102 {OpenAclHex} 00000002" },
        Of("CreateRequest with null data and acl", new CreateRequest("/a", null, null, 1))
            with { Hex = "00000002 2f61 ffffffff ffffffff 00000001" },
        Of("CreateTTLRequest", new CreateRequest("/a", [], Acls.OpenAclUnsafe, 5, 1000, HasTtl: true), CreateRequest.ReadTtl)
            with { Hex = $"00000002 2f61 00000000 {OpenAclHex} 00000005 00000000000003e8" },
        Of("DeleteRequest", new DeleteRequest("/a", -1)) with { Hex = "00000002 2f61 ffffffff" },
        Of("CheckVersionRequest", new CheckVersionRequest("/a", 3)) with { Hex = "00000002 2f61 00000003" },
        Of("SetDataRequest", new SetDataRequest("/a", null, 3)) with { Hex = "00000002 2f61 ffffffff 00000003" },
        Of("SetAclRequest", new SetAclRequest("/a", Acls.ReadAclUnsafe, 2))
            with { Hex = "00000002 2f61 00000001 00000001 00000005 776f726c64 00000006 616e796f6e65 00000002" },
        Of("AddWatchRequest", new AddWatchRequest("/a", AddWatchMode.PersistentRecursive)) with { Hex = "00000002 2f61 00000001" },
        Of("WatchesRequest", new WatchesRequest("/a", WatcherType.Data)) with { Hex = "00000002 2f61 00000002" },
        Of("ReconfigRequest", new ReconfigRequest("a", null, "", 0x10)) with { Hex = "00000001 61 ffffffff 00000000 0000000000000010" },
        Of("SaslRecord", new SaslRecord([0xab])) with { Hex = "00000001 ab" },
        Of("SaslRecord with null token", new SaslRecord(null)) with { Hex = "ffffffff" },

        // Responses
        Of("StatResponse", new StatResponse(Stat)) with { Hex = StatHex },
        Of("Create2Response", new Create2Response("/a", Stat)) with { Hex = $"00000002 2f61 {StatHex}" },
        Of("GetDataResponse", new GetDataResponse("hi"u8.ToArray(), Stat)) with { Hex = $"00000002 6869 {StatHex}" },
        Of("GetDataResponse with null data", new GetDataResponse(null, Stat)) with { Hex = $"ffffffff {StatHex}" },
        Of("GetAclResponse", new GetAclResponse(Acls.OpenAclUnsafe, Stat)) with { Hex = $"{OpenAclHex} {StatHex}" },
        Of("StringListResponse", new StringListResponse(["a", "b"])) with { Hex = "00000002 00000001 61 00000001 62" },
        Of("StringListResponse empty", new StringListResponse([])) with { Hex = "00000000" },
        Of("GetChildren2Response", new GetChildren2Response(["a"], Stat)) with { Hex = $"00000001 00000001 61 {StatHex}" },
        Of("GetAllChildrenNumberResponse", new GetAllChildrenNumberResponse(42)) with { Hex = "0000002a" },
        Of("WhoAmIResponse", new WhoAmIResponse([new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "bob")]))
            with { Hex = "00000002 00000002 6970 00000009 3132372e302e302e31 00000006 646967657374 00000003 626f62" },
        Of("WhoAmIResponse empty", new WhoAmIResponse([])) with { Hex = "00000000" },

        // Multi (§2.4)
        Of("MultiRequest", new MultiRequest([
                new MultiOp(OpCode.Create, new CreateRequest("/a", null, Acls.OpenAclUnsafe, 0)),
                new MultiOp(OpCode.Delete, new DeleteRequest("/b", -1)),
                new MultiOp(OpCode.SetData, new SetDataRequest("/c", "x"u8.ToArray(), -1)),
                new MultiOp(OpCode.Check, new CheckVersionRequest("/d", 3)),
            ]))
            with
            {
                Hex = $"00000001 00 ffffffff | 00000002 2f61 ffffffff {OpenAclHex} 00000000 " +
                      "| 00000002 00 ffffffff | 00000002 2f62 ffffffff " +
                      "| 00000005 00 ffffffff | 00000002 2f63 00000001 78 ffffffff " +
                      "| 0000000d 00 ffffffff | 00000002 2f64 00000003 " +
                      "| ffffffff 01 ffffffff",
            },
        Of("MultiRequest of every create kind", new MultiRequest([
            new MultiOp(OpCode.Create2, new CreateRequest("/a", [1], Acls.OpenAclUnsafe, 3)),
            new MultiOp(OpCode.CreateContainer, new CreateRequest("/b", [], Acls.CreatorAllAcl, 4)),
            new MultiOp(OpCode.CreateTtl, new CreateRequest("/c", null, Acls.ReadAclUnsafe, 5, 60000, HasTtl: true)),
        ])),
        Of("MultiRequest for multiRead", new MultiRequest([
                new MultiOp(OpCode.GetData, new PathWatchRequest("/a", false)),
                new MultiOp(OpCode.GetChildren, new PathWatchRequest("/b", false)),
            ]))
            with { Hex = "00000004 00 ffffffff 00000002 2f61 00 | 00000008 00 ffffffff 00000002 2f62 00 | ffffffff 01 ffffffff" },
        Of("MultiRequest empty", new MultiRequest([])) with { Hex = "ffffffff 01 ffffffff" },
        Of("MultiResponse", new MultiResponse([
                new MultiResult(OpCode.Create, ErrorCode.Ok, new PathRecord("/a")),
                new MultiResult(OpCode.Delete, ErrorCode.Ok, null),
                new MultiResult(OpCode.SetData, ErrorCode.Ok, new StatResponse(Stat)),
                new MultiResult(OpCode.Check, ErrorCode.Ok, null),
            ]))
            with
            {
                Hex = "00000001 00 00000000 00000002 2f61 | 00000002 00 00000000 | 00000005 00 00000000 " + StatHex +
                      " | 0000000d 00 00000000 | ffffffff 01 ffffffff",
            },
        Of("MultiResponse of create2 and reads", new MultiResponse([
            new MultiResult(OpCode.Create2, ErrorCode.Ok, new Create2Response("/a0000000001", Stat)),
            new MultiResult(OpCode.GetData, ErrorCode.Ok, new GetDataResponse(null, Stat)),
            new MultiResult(OpCode.GetChildren, ErrorCode.Ok, new StringListResponse(["x", "y"])),
            MultiResult.Error(ErrorCode.NoNode),
        ])),

        // Persistence and quorum (§2.3, §10)
        Of("TxnHeader", new TxnHeader(0x1000007eb810008, 5, 0x100000004, 0x18c0a1b2c3d, OpCode.Create))
            with { Hex = "01000007eb810008 00000005 0000000100000004 0000018c0a1b2c3d 00000001" },
        Of("CreateTxn", new CreateTxn("/a", [0x01], Acls.OpenAclUnsafe, true, 7))
            with
            {
                Hex = $"00000002 2f61 00000001 01 {OpenAclHex} 01 00000007",
                // CreateTxnV0 has no parentCVersion: a body that ends early there is read as V0 (§10.2).
                AcceptsPrefix = (length, full) => length >= full - 4,
            },
        Of("CreateTtlTxn", new CreateTtlTxn("/a", null, Acls.OpenAclUnsafe, 7, 1000))
            with { Hex = $"00000002 2f61 ffffffff {OpenAclHex} 00000007 00000000000003e8" },
        Of("CreateContainerTxn", new CreateContainerTxn("/a", [], Acls.OpenAclUnsafe, 7))
            with { Hex = $"00000002 2f61 00000000 {OpenAclHex} 00000007" },
        Of("DeleteTxn", new DeleteTxn("/a")) with { Hex = "00000002 2f61" },
        Of("SetDataTxn", new SetDataTxn("/a", [0x01], 4)) with { Hex = "00000002 2f61 00000001 01 00000004" },
        Of("CheckVersionTxn", new CheckVersionTxn("/a", 4)) with { Hex = "00000002 2f61 00000004" },
        Of("SetAclTxn", new SetAclTxn("/a", Acls.OpenAclUnsafe, 1)) with { Hex = $"00000002 2f61 {OpenAclHex} 00000001" },
        Of("CreateSessionTxn", new CreateSessionTxn(30000)) with { Hex = "00007530" },
        Of("CloseSessionTxn", new CloseSessionTxn(["/e1", "/e2"]))
            with
            {
                Hex = "00000002 00000003 2f6531 00000003 2f6532",
                // Old logs write closeSession with no body at all (§10.2).
                AcceptsPrefix = (length, _) => length == 0,
            },
        Of("ErrorTxn", new ErrorTxn(ErrorCode.NoNode)) with { Hex = "ffffff9b" },
        Of("MultiTxn", new MultiTxn([
                new SubTxn(OpCode.Delete, new DeleteTxn("/a")),
                new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.RuntimeInconsistency)),
            ]))
            with { Hex = "00000002 | 00000002 00000006 00000002 2f61 | ffffffff 00000004 fffffffe" },
        Of("MultiTxn of every allowed sub-txn", new MultiTxn([
            new SubTxn(OpCode.Create, new CreateTxn("/a", [1], Acls.OpenAclUnsafe, false, 1)),
            new SubTxn(OpCode.Create2, new CreateTxn("/b", null, Acls.OpenAclUnsafe, true, 2)),
            new SubTxn(OpCode.CreateTtl, new CreateTtlTxn("/c", [], Acls.OpenAclUnsafe, 3, 5000)),
            new SubTxn(OpCode.CreateContainer, new CreateContainerTxn("/d", [2], Acls.ReadAclUnsafe, 4)),
            new SubTxn(OpCode.Delete, new DeleteTxn("/e")),
            new SubTxn(OpCode.DeleteContainer, new DeleteTxn("/f")),
            new SubTxn(OpCode.SetData, new SetDataTxn("/g", [3], 5)),
            new SubTxn(OpCode.Check, new CheckVersionTxn("/h", 6)),
            new SubTxn(OpCode.Error, new ErrorTxn(ErrorCode.Ok)),
        ])),
        Of("TxnDigest", new TxnDigest(2, 0x1122334455667788)) with { Hex = "00000002 1122334455667788" },
        Of("FileHeader", new FileHeader(FileHeader.LogMagic, 2, 0)) with { Hex = "5a4b4c47 00000002 0000000000000000" },
    ];

    public static Sample Get(string name) => All.Single(s => s.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var s in All) data.Add(s.Name);
        return data;
    }

    public static TheoryData<string> NamesWithHex()
    {
        var data = new TheoryData<string>();
        foreach (var s in All.Where(s => s.Hex is not null)) data.Add(s.Name);
        return data;
    }

    /// <summary>Every concrete type in Keeper.Protocol that implements IJuteRecord&lt;itself&gt;.</summary>
    public static IEnumerable<Type> AllRecordTypes() =>
        typeof(JuteReader).Assembly.GetTypes().Where(t =>
            !t.IsAbstract && !t.IsInterface &&
            t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJuteRecord<>)));
}
