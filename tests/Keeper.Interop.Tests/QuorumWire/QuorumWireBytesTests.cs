using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.QuorumWire;

/// <summary>
/// Our election and quorum codecs against Apache ZooKeeper's own: QuorumWireBytes.java (compiled with javac
/// against Debian's zookeeper.jar, in FastLeaderElection's package so buildMsg is callable) prints the bytes
/// BinaryOutputArchive and buildMsg produce, parses our handshake with InitialMessage.parse and re-reads our
/// QuorumPacket with BinaryInputArchive. No server is started, so this runs wherever the JDK and the
/// zookeeper package are installed, as in CI.
/// </summary>
public class QuorumWireBytesTests
{
    private static readonly Lazy<Task<Dictionary<string, string>>> ApacheOutput = new(RunJavaAsync);

    private static readonly ElectionHandshake Handshake = ElectionHandshake.V1(3, new ElectionAddress("127.0.0.1", 3888));

    private static readonly QuorumPacket Reread =
        new(QuorumPacketType.Proposal, 0x1_0000_0001, [1, 2, 3], [new Id("ip", "10.0.0.1")]);

    public static TheoryData<string, string> Cases() => new()
    {
        { "packet.ack", Hex(new QuorumPacket(QuorumPacketType.Ack, 0x1_0000_0002).Encode()) },
        { "packet.ping.empty", Hex(new QuorumPacket(QuorumPacketType.Ping, 5, [], []).Encode()) },
        { "packet.request", Hex(new QuorumPacket(QuorumPacketType.Request, -1, [0xab, 0xcd], [Id.Anyone, new Id("digest", "u:p")]).Encode()) },
        { "learnerinfo", Hex(LearnerInfo.Current(3, 0x1_0000_0000).Encode()) },
        { "notification.v2", Hex(NotificationCodec.Encode(new Notification(ServerState.Following, 2, 0x3_0000_0007, 5, 3, Config: "a=b"u8.ToArray()))) },
        { "notification.v2.noconfig", Hex(NotificationCodec.Encode(new Notification(ServerState.Looking, 1, 0, 1, 0))) },
        { "packet.reread", Hex(Reread.Encode()) },
        { "handshake.parsed", "sid=3 addrs=1 first=127.0.0.1:3888" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_bytes_are_Apaches(string name, string ours)
    {
        var apache = await ApacheOutput.Value;
        Assert.True(apache.TryGetValue(name, out var apacheBytes), $"QuorumWireBytes.java printed no '{name}' line");
        Assert.Equal(apacheBytes, ours);
    }

    [Fact]
    public async Task Apaches_40_byte_message_decodes_as_its_receiver_reads_it()
    {
        // buildMsg's 5-argument form (3.4's layout): 40 bytes ending in version 1, which the receiver skips.
        var apache = await ApacheOutput.Value;
        var n = NotificationCodec.Decode(Convert.FromHexString(apache["notification.v1"]));
        Assert.Equal(new Notification(ServerState.Leading, 4, 0x9_0000_0001, 2, 10, Version: 0, Config: null), n);
    }

    [Fact]
    public async Task Apaches_version2_message_decodes()
    {
        var apache = await ApacheOutput.Value;
        var n = NotificationCodec.Decode(Convert.FromHexString(apache["notification.v2"]));
        Assert.Equal((ServerState.Following, 2L, 0x3_0000_0007L, 5L, 3L, 2), (n.State, n.Leader, n.Zxid, n.ElectionEpoch, n.PeerEpoch, n.Version));
        Assert.Equal("a=b"u8.ToArray(), n.Config);
    }

    [Fact]
    public async Task Apaches_packets_decode_and_re_encode_identically()
    {
        var apache = await ApacheOutput.Value;
        foreach (var name in new[] { "packet.ack", "packet.ping.empty", "packet.request" })
        {
            var bytes = Convert.FromHexString(apache[name]);
            Assert.Equal(DecodeStatus.Complete, QuorumPacketDecoder.TryDecode(bytes, out var packet, out int consumed));
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(apache[name], Hex(packet!.Encode()));
        }
        Assert.Equal(new LearnerInfo(3, 0x10000, 0x1_0000_0000), LearnerInfo.Decode(Convert.FromHexString(apache["learnerinfo"])));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static async Task<Dictionary<string, string>> RunJavaAsync()
    {
        Tools.Require(Tools.Javac, "javac");
        Tools.Require(Tools.ZooKeeperJar, "Apache ZooKeeper's zookeeper.jar");
        var source = Path.Combine(RepoPaths.Root, "tests", "Keeper.Interop.Tests", "QuorumWire", "QuorumWireBytes.java");
        var dir = Path.Combine(Path.GetTempPath(), $"keeper-quorum-wire-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var compiled = await Tools.RunAsync(Tools.Javac, ["-d", dir, "-cp", Tools.ClientClassPath, source], timeout: TimeSpan.FromSeconds(120));
            if (compiled.ExitCode != 0) throw new InvalidOperationException("javac failed on " + source + "\n" + compiled);

            var run = await Tools.RunAsync(
                Tools.Java,
                ["-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", dir + ":" + Tools.ClientClassPath,
                 "org.apache.zookeeper.server.quorum.QuorumWireBytes", Hex(Handshake.Encode()), Hex(Reread.Encode())],
                timeout: TimeSpan.FromSeconds(60));
            if (run.ExitCode != 0 || run.TimedOut) throw new InvalidOperationException("QuorumWireBytes failed\n" + run);

            var lines = new Dictionary<string, string>();
            foreach (var line in run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int space = line.IndexOf(' ');
                if (space > 0) lines[line[..space]] = line[(space + 1)..];
            }
            return lines;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
