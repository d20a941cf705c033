using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Keeper.Client;
using Keeper.Interop.Tests.Ensemble;
using Keeper.Protocol;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.ReadOnly;

/// <summary>
/// Read-only mode (<c>-Dreadonlymode.enabled=true</c>): a 3-server ensemble loses two members; the survivor, out of
/// quorum, serves read-only clients from its own copy, refuses the others and writes, and closes its read-only
/// clients once the quorum is back so they reconnect to a read-write server. The same test runs against an ensemble
/// of Apache ZooKeeper 3.8 and one of ours.
/// </summary>
public sealed class ReadOnlyModeTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    [Theory]
    [InlineData(ServerKinds.Apache)]
    [InlineData(ServerKinds.Keeper)]
    public async Task A_server_cut_off_from_its_quorum_serves_read_only_clients_until_the_quorum_is_back(string kind)
    {
        // Apache 3.8 serves new read-only sessions only as local sessions: without localSessionsEnabled it answers
        // their handshake with a bare NotReadOnly reply header, which the Java client takes for a lost connection.
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind],
            new Dictionary<string, string> { ["tickTime"] = "500", ["localSessionsEnabled"] = "true", ["localSessionsUpgradingEnabled"] = "true" },
            jvmFlags: ["-Dreadonlymode.enabled=true"]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var survivor = ensemble.Members.First(m => m.Id != leader.Id);
        Assert.Equal("rw", await IsroAsync(survivor));

        // A read-write session (global: its ephemeral upgrades it where sessions start local) stays open throughout.
        await using var writer = await EnsembleClient.ConnectAsync(survivor.ConnectString);
        await writer.CreateAsync("/before", "written with a quorum");
        await writer.CreateAsync("/writer", "", CreateMode.Ephemeral);
        long globalSession = writer.SessionId;

        foreach (var member in ensemble.Members.Where(m => m != survivor)) await member.StopAsync();
        await EventuallyAsync(async () => await IsroAsync(survivor) == "ro", "isro never answered ro\n" + ensemble.Diagnostics());
        var srvr = await survivor.SrvrAsync() ?? "";
        Assert.Contains("READ-ONLY mode; serving only read-only clients\n", srvr);
        Assert.Contains("Mode: read-only\n", srvr);
        Assert.Contains("zk_server_state\tread-only\n", await FourLetterWords.SendAsync(survivor.Address, survivor.ClientPort, "mntr", TimeSpan.FromSeconds(5)));

        // zkCli.sh -r reads what was written before and gets Apache's message for a write.
        var get = await ZkCliAsync(survivor, "get /before");
        Assert.True(get.StdOut.Contains("written with a quorum", StringComparison.Ordinal), get + "\n" + ensemble.Diagnostics());
        var create = await ZkCliAsync(survivor, "create /during ro");
        Assert.Contains("Not a read-only call: /during", create.StdOut + create.StdErr);

        // Our client with the read-only flag: a read-only session; writes and sync get NotReadOnly.
        await using var readOnly = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = survivor.ConnectString,
            SessionTimeoutMs = 10_000,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            CanBeReadOnly = true,
        });
        Assert.Equal(ZooKeeperState.ConnectedReadOnly, readOnly.State);
        Assert.Equal(survivor.Id, readOnly.SessionId >>> 56); // a session of this server's own, as its session tracker numbers them
        Assert.Equal("written with a quorum", await readOnly.ReadAsync("/before"));
        var write = await Assert.ThrowsAsync<KeeperException>(() => readOnly.CreateAsync("/during", "x"));
        Assert.Equal(ErrorCode.NotReadOnly, write.Code);
        var sync = await Assert.ThrowsAsync<KeeperException>(() => readOnly.SyncAsync("/before"));
        Assert.Equal(ErrorCode.NotReadOnly, sync.Code);

        // A client without the flag is closed before any ConnectResponse, and so is a global session coming back.
        Assert.False(await IsRefusedAsync(survivor, readOnlyFlag: true, sessionId: 0), "a new read-only session was refused");
        Assert.True(await IsRefusedAsync(survivor, readOnlyFlag: false, sessionId: 0), "a client without the read-only flag was answered");
        Assert.True(await IsRefusedAsync(survivor, readOnlyFlag: true, sessionId: globalSession), "a global session was renewed read-only");

        // The quorum comes back: the read-only client is moved to a read-write session and can write.
        foreach (var member in ensemble.Members.Where(m => m != survivor)) member.Start();
        await ensemble.WaitForQuorumAsync(Settle);
        Assert.Equal("rw", await IsroAsync(survivor));
        await EventuallyAsync(async () =>
        {
            try
            {
                await readOnly.CreateAsync("/after", "written again");
                return true;
            }
            catch (KeeperException e) when (e.Code is ErrorCode.NotReadOnly or ErrorCode.ConnectionLoss) { return false; }
        }, "the read-only client never wrote after the quorum came back\n" + ensemble.Diagnostics());
        Assert.Equal(ZooKeeperState.Connected, readOnly.State);
        var after = await ZkCliAsync(survivor, "get /after");
        Assert.Contains("written again", after.StdOut);
    }

    /// <summary>
    /// The one difference: without localSessionsEnabled Apache 3.8 answers a new read-only client's handshake with a
    /// bare NotReadOnly reply header (the Java client reports ConnectionLoss); ours serves it as with local sessions on.
    /// </summary>
    [Theory]
    [InlineData(ServerKinds.Apache, false)]
    [InlineData(ServerKinds.Keeper, true)]
    public async Task Without_local_sessions_only_ours_gives_read_only_sessions(string kind, bool served)
    {
        await using var ensemble = Keeper.TestSupport.Ensemble.Create([kind, kind, kind],
            new Dictionary<string, string> { ["tickTime"] = "500" }, jvmFlags: ["-Dreadonlymode.enabled=true"]);
        ensemble.StartAll();
        var leader = await ensemble.WaitForQuorumAsync(Settle);
        var survivor = ensemble.Members.First(m => m.Id != leader.Id);
        await using (var client = await EnsembleClient.ConnectAsync(survivor.ConnectString))
            await client.CreateAsync("/before", "written with a quorum");
        foreach (var member in ensemble.Members.Where(m => m != survivor)) await member.StopAsync();
        await EventuallyAsync(async () => await IsroAsync(survivor) == "ro", "isro never answered ro\n" + ensemble.Diagnostics());

        var get = await ZkCliAsync(survivor, "get /before");
        if (served)
        {
            Assert.Contains("written with a quorum", get.StdOut);
        }
        else
        {
            Assert.DoesNotContain("written with a quorum", get.StdOut);
            Assert.Contains("KeeperErrorCode = ConnectionLoss for /before", get.StdOut + get.StdErr);
        }
    }

    private static async Task<string?> IsroAsync(EnsembleMember member)
    {
        try { return await FourLetterWords.SendAsync(member.Address, member.ClientPort, "isro", TimeSpan.FromSeconds(3)); }
        catch (Exception e) when (e is SocketException or TimeoutException or IOException) { return null; }
    }

    private static Task<ProcessResult> ZkCliAsync(EnsembleMember member, string command) =>
        Tools.RunAsync(Tools.Require(Tools.ZkCli, "zkCli.sh"), ["-r", "-server", member.ConnectString, .. command.Split(' ')],
            timeout: TimeSpan.FromSeconds(60));

    /// <summary>Sends a ConnectRequest by hand and reports whether the server closed the socket without answering it.</summary>
    private static async Task<bool> IsRefusedAsync(EnsembleMember member, bool readOnlyFlag, long sessionId)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(member.Address, member.ClientPort);
        var stream = socket.GetStream();
        var frame = new byte[4 + 45];
        BinaryPrimitives.WriteInt32BigEndian(frame, 45);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4 + 4 + 8), 30_000); // after protocolVersion and lastZxidSeen
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(4 + 4 + 8 + 4), sessionId);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4 + 4 + 8 + 4 + 8), 16); // the password's length
        frame[^1] = readOnlyFlag ? (byte)1 : (byte)0;
        await stream.WriteAsync(frame);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        try { return await stream.ReadAsync(buffer, timeout.Token) == 0; } // a ConnectResponse, or end of stream
        catch (IOException) { return true; } // reset by the server
        catch (OperationCanceledException) { return false; } // answered (or left waiting) but not closed
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Settle)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail(failure);
    }
}
