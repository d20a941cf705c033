using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Tests.Zab;

/// <summary>How a leader and its learners agree on an epoch and share one history before serving.</summary>
public class ZabEstablishmentTests
{
    private static ZabHarness Fresh(params long[] voters) =>
        new(voters.Max(), voters, [], new Dictionary<long, Disk>());

    [Fact]
    public void Three_fresh_servers_agree_on_epoch_1_and_serve()
    {
        var h = Fresh(1, 2, 3);
        h.StartLeader();
        h.Connect(1);
        h.Connect(2);

        Assert.Equal(
        [
            "1>L FOLLOWERINFO sid=1 accepted=0",
            "L>1 LEADERINFO epoch=1",
            "1>L ACKEPOCH last=0x0 epoch=0",
            "L>1 DIFF 0x0",
            "L>1 NEWLEADER 0x100000000",
            "1>L ACK 0x100000000",
            "L>1 UPTODATE",
            "1>L ACK 0x100000000",
            "2>L FOLLOWERINFO sid=2 accepted=0",
            "L>2 LEADERINFO epoch=1",
            "2>L ACKEPOCH last=0x0 epoch=0",
            "L>2 DIFF 0x0",
            "L>2 NEWLEADER 0x100000000",
            "2>L ACK 0x100000000",
            "L>2 UPTODATE",
            "2>L ACK 0x100000000",
        ], h.Transcript);
        Assert.Equal(["L serves epoch 1", "1 serves epoch 1", "2 serves epoch 1"], h.Events);
        Assert.All(h.Disks.Values, d => Assert.Equal(1, d.AcceptedEpoch));
        Assert.All(h.Disks.Values, d => Assert.Equal(1, d.CurrentEpoch));
    }

    [Fact]
    public void The_leader_waits_for_a_quorum_before_fixing_the_epoch()
    {
        var h = Fresh(1, 2, 3, 4, 5);
        h.StartLeader();
        h.Connect(1);
        Assert.DoesNotContain(h.Transcript, t => t.Contains("LEADERINFO"));
        h.Connect(2);
        Assert.Contains("L>1 LEADERINFO epoch=1", h.Transcript);
        Assert.Contains("L>2 LEADERINFO epoch=1", h.Transcript);
    }

    [Fact]
    public void The_new_epoch_is_one_past_the_highest_accepted_epoch_of_the_quorum()
    {
        var disks = new Dictionary<long, Disk> { [3] = Disk.With(4, 4), [1] = Disk.With(6, 4) };
        var h = new ZabHarness(3, [1, 2, 3], [], disks);
        h.StartLeader();
        h.Connect(1);
        Assert.Contains("L>1 LEADERINFO epoch=7", h.Transcript);
        Assert.Equal(7, h.Disks[3].AcceptedEpoch);
        Assert.Equal(7, h.Disks[1].CurrentEpoch);
    }

    [Fact]
    public void A_single_voter_ensemble_serves_at_once()
    {
        var h = new ZabHarness(1, [1], [], new Dictionary<long, Disk>());
        h.StartLeader();
        Assert.Equal(["L serves epoch 1"], h.Events);
        h.Propose();
        Assert.Equal(0x100000001, h.Disks[1].Applied);
    }

    [Fact]
    public void The_leader_gives_up_when_no_quorum_joins_within_init_limit()
    {
        var h = Fresh(1, 2, 3);
        h.StartLeader();
        h.Advance(h.Options.InitTimeoutMs + 1);
        Assert.Single(h.Events, e => e.StartsWith("L fails: timeout in Discovery"));
    }

    [Fact]
    public void A_learner_that_already_accepted_the_epoch_answers_minus_one_and_does_not_count_towards_the_epoch_quorum()
    {
        // Driven by hand: server 3 joins late, after the epoch was fixed, having accepted it in an earlier attempt.
        var leader = new Leader(5, new HashSet<long> { 1, 2, 3, 4, 5 }, new HashSet<long>(), default,
            new ProposalWindow(0, 10), new ZabOptions());
        leader.Start(0);
        foreach (var sid in new long[] { 1, 2, 3 }) leader.Connected(sid, 0);
        leader.Receive(1, new LearnerHello(1, 0, false), 0);
        leader.Receive(2, new LearnerHello(2, 0, false), 0);       // 5, 1, 2: a quorum; the epoch is 1
        leader.Receive(3, new LearnerHello(3, 1, false), 0);
        Assert.Contains(leader.TakeActions(), a => a is Send { Connection: 3, Message: LeaderInfo { NewEpoch: 1 } });

        leader.Receive(3, new AckEpoch(0, -1), 0);
        leader.Receive(1, new AckEpoch(0, 0), 0);                 // 5 and 1 only: 3 does not count
        Assert.DoesNotContain(leader.TakeActions(), a => a is PersistCurrentEpoch);
        leader.Receive(2, new AckEpoch(0, 0), 0);
        Assert.Contains(leader.TakeActions(), a => a is PersistCurrentEpoch { Epoch: 1 });
    }

    [Fact]
    public void A_learner_answers_minus_one_when_offered_the_epoch_it_already_accepted()
    {
        var learner = new Learner(1, false, new PeerHistory(AcceptedEpoch: 4, CurrentEpoch: 3, LastLoggedZxid: 0x300000007), new ZabOptions());
        learner.Start(0);
        learner.TakeActions();
        learner.Receive(new LeaderInfo(4), 0);
        Assert.Equal([new Send(0, new AckEpoch(0x300000007, -1))], learner.TakeActions());
    }

    [Fact]
    public void A_learner_refuses_a_leader_whose_epoch_is_below_its_accepted_epoch()
    {
        var disks = new Dictionary<long, Disk> { [1] = Disk.With(9, 9) };
        var h = new ZabHarness(3, [1, 2, 3], [], disks);
        h.StartLeader();
        h.Connect(2);
        h.Connect(1);
        Assert.Contains("1 fails: the leader's epoch 1 is below our accepted epoch 9", h.Events);
    }

    [Fact]
    public void A_learner_whose_history_is_ahead_of_the_leader_is_dropped()
    {
        var disks = new Dictionary<long, Disk>
        {
            [3] = Disk.With(1, 1, 0x100000001),
            [1] = Disk.With(1, 1, 0x100000001, 0x100000002),
        };
        var h = new ZabHarness(3, [1, 2, 3], [], disks);
        h.StartLeader();
        h.Connect(1);
        Assert.Contains(h.Events, e => e.StartsWith("L drops 1: its history (epoch 1, zxid 0x100000002) is ahead"));
    }

    [Fact]
    public void A_server_outside_the_membership_neither_fixes_the_epoch_nor_is_dropped()
    {
        // As Apache's LearnerHandler: it is served (so a reconfig can add it), but it does not vote.
        var h = Fresh(1, 2, 3);
        h.Learners[7] = new Learner(7, false, default, h.Options);
        h.Disks[7] = new Disk();
        h.StartLeader();
        h.Connect(7);
        Assert.DoesNotContain(h.Events, e => e.StartsWith("L drops 7"));
        Assert.DoesNotContain(h.Transcript, t => t.StartsWith("L>7 LEADERINFO"));
        h.Connect(1);
        Assert.Contains("L>7 LEADERINFO epoch=1", h.Transcript);
    }

    [Fact]
    public void NEWLEADER_is_acked_only_once_the_synced_history_is_durable()
    {
        var disks = new Dictionary<long, Disk> { [3] = Disk.With(1, 1, 0x100000001, 0x100000002) };
        var h = new ZabHarness(3, [1, 2, 3], [], disks);
        h.SlowDisks.Add(1);
        h.StartLeader();
        h.Connect(1);
        Assert.Contains("L>1 NEWLEADER 0x200000000", h.Transcript);
        Assert.DoesNotContain("1>L ACK 0x200000000", h.Transcript);
        Assert.DoesNotContain("L serves epoch 2", h.Events);
        h.Flush(1);
        Assert.Contains("1>L ACK 0x200000000", h.Transcript);
        Assert.Contains("L serves epoch 2", h.Events);
    }
}
