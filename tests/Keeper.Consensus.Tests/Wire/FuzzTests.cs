using Keeper.Consensus.Election;
using Keeper.Consensus.Wire;
using Keeper.Protocol.Records;

namespace Keeper.Consensus.Tests.Wire;

/// <summary>
/// Random bytes, truncations and single-byte corruptions of valid messages: every decoder must answer with a
/// value, NeedMore, a rejection or a <see cref="WireFormatException"/>, never anything else. Seeded, bounded.
/// </summary>
public class FuzzTests
{
    private const int Iterations = 3000;

    private static IEnumerable<byte[]> Inputs(int seed, params byte[][] valid)
    {
        var random = new Random(seed);
        for (int i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            yield return bytes;
        }
        foreach (var v in valid)
        {
            for (int n = 0; n <= v.Length; n++) yield return v[..n];
            for (int i = 0; i < Iterations / 10; i++)
            {
                var copy = (byte[])v.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                // Push length fields towards the interesting edges too.
                if (random.Next(4) == 0) copy[random.Next(copy.Length)] = 0xff;
                yield return copy;
            }
        }
    }

    private static void OnlyOurException(Action action)
    {
        try
        {
            action();
        }
        catch (WireFormatException)
        {
        }
    }

    [Fact]
    public void Election_handshake()
    {
        var valid = ElectionHandshake.V2(4, [new("a", 1), new("::1", 2)]).Encode();
        foreach (var input in Inputs(1, valid))
            OnlyOurException(() => ElectionHandshake.TryDecode(input, out _, out _));
    }

    [Fact]
    public void Election_frames()
    {
        foreach (var input in Inputs(2, ElectionFrame.Encode([1, 2, 3, 4])))
            OnlyOurException(() => ElectionFrame.TryRead(input, out _, out _));
    }

    [Fact]
    public void Notifications_never_throw_from_TryDecode()
    {
        var valid = NotificationCodec.Encode(new Notification(ServerState.Leading, 1, 2, 3, 4, Config: [1, 2, 3, 4, 5]));
        foreach (var input in Inputs(3, valid))
        {
            if (NotificationCodec.TryDecode(input, out var n, out var rejection))
                Assert.Equal(NotificationRejection.None, rejection);
            else
                Assert.Null(n);
        }
    }

    [Fact]
    public void Quorum_packets()
    {
        var valid = new QuorumPacket(QuorumPacketType.Request, -1, [1, 2, 3], [Id.Anyone, new("digest", "u:p")]).Encode();
        foreach (var input in Inputs(4, valid))
        {
            OnlyOurException(() => QuorumPacketDecoder.TryDecode(input, out _, out _, maxBuffer: 4096));
            OnlyOurException(() => QuorumPacket.Decode(input));
        }
    }

    [Fact]
    public void Bodies()
    {
        foreach (var input in Inputs(5, LearnerInfo.Current(1, 2).Encode(), PingBody.Encode([new(1, 2)])))
        {
            OnlyOurException(() => LearnerInfo.Decode(input));
            OnlyOurException(() => LeaderInfoBody.Decode(input));
            OnlyOurException(() => AckEpochBody.Decode(input));
            OnlyOurException(() => NewLeaderBody.DecodeConfig(input));
            OnlyOurException(() => PingBody.Decode(input));
            OnlyOurException(() => RevalidateRequest.Decode(input));
            OnlyOurException(() => RevalidateReply.Decode(input));
            OnlyOurException(() => RequestBody.Decode(input));
            OnlyOurException(() => CommitAndActivateBody.Decode(input));
            OnlyOurException(() => InformAndActivateBody.Decode(input));
            OnlyOurException(() => ProposalBody.ReadHeader(input));
        }
    }
}
