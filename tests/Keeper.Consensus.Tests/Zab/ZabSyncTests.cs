namespace Keeper.Consensus.Tests.Zab;

/// <summary>DIFF, TRUNC or SNAP: how the leader chooses to bring a learner up to date, and what follows.</summary>
public class ZabSyncTests
{
    private static ZabHarness With(Disk leader, Disk learner, long windowBase = 0)
    {
        leader.WindowBase = windowBase;
        var h = new ZabHarness(3, [1, 2, 3], [], new Dictionary<long, Disk> { [3] = leader, [1] = learner });
        h.StartLeader();
        h.Connect(1);
        return h;
    }

    private static List<string> ToLearner1(ZabHarness h) =>
        h.Transcript.Where(t => t.StartsWith("L>1 ") && !t.Contains("LEADERINFO")).ToList();

    [Fact]
    public void A_learner_with_the_leaders_last_zxid_gets_an_empty_diff()
    {
        var h = With(Disk.With(1, 1, 0x100000001, 0x100000002), Disk.With(1, 1, 0x100000001, 0x100000002));
        Assert.Equal(["L>1 DIFF 0x100000002", "L>1 NEWLEADER 0x200000000", "L>1 UPTODATE"], ToLearner1(h));
    }

    [Fact]
    public void A_lagging_learner_gets_what_it_lacks_as_proposal_and_commit_pairs()
    {
        var h = With(Disk.With(1, 1, 0x100000001, 0x100000002, 0x100000003), Disk.With(1, 1, 0x100000001));
        Assert.Equal(
        [
            "L>1 DIFF 0x100000003",
            "L>1 PROPOSAL 0x100000002", "L>1 COMMIT 0x100000002",
            "L>1 PROPOSAL 0x100000003", "L>1 COMMIT 0x100000003",
            "L>1 NEWLEADER 0x200000000",
            "L>1 UPTODATE",
        ], ToLearner1(h));
        Assert.Equal([0x100000001, 0x100000002, 0x100000003], h.Disks[1].Log.Select(p => p.Zxid));
        Assert.Equal(0x100000003, h.Disks[1].Applied);
    }

    [Fact]
    public void A_learner_holding_a_txn_the_leader_never_had_is_truncated_to_the_common_point_first()
    {
        // Epoch 1 ended with 0x100000003 logged on server 1 only; the leader went on in epoch 2.
        var h = With(Disk.With(2, 2, 0x100000001, 0x100000002, 0x200000001),
                     Disk.With(1, 1, 0x100000001, 0x100000002, 0x100000003));
        Assert.Equal(
        [
            "L>1 TRUNC 0x100000002",
            "L>1 PROPOSAL 0x200000001", "L>1 COMMIT 0x200000001",
            "L>1 NEWLEADER 0x300000000",
            "L>1 UPTODATE",
        ], ToLearner1(h));
        Assert.Equal([0x100000001, 0x100000002, 0x200000001], h.Disks[1].Log.Select(p => p.Zxid));
    }

    [Fact]
    public void A_learner_ahead_in_an_older_epoch_is_truncated_to_the_leaders_last()
    {
        var h = With(Disk.With(2, 2, 0x100000001, 0x200000001),
                     Disk.With(1, 1, 0x100000001, 0x100000002, 0x100000003));
        // 0x100000003 < 0x200000001, so it is inside the window but unknown to the leader.
        Assert.Equal("L>1 TRUNC 0x100000001", ToLearner1(h)[0]);
        Assert.Equal([0x100000001, 0x200000001], h.Disks[1].Log.Select(p => p.Zxid));
    }

    [Fact]
    public void A_learner_behind_the_window_gets_a_snapshot()
    {
        var h = With(Disk.With(1, 1, 0x100000001, 0x100000002, 0x100000003), new Disk(), windowBase: 0x100000002);
        Assert.Equal(["L>1 SNAP 0x100000003", "L>1 NEWLEADER 0x200000000", "L>1 UPTODATE"], ToLearner1(h));
        Assert.Equal(0x100000003, h.Disks[1].Applied);
        Assert.Equal(0x100000003, h.Learners[1].LastLoggedZxid);
    }

    [Fact]
    public void A_learner_joining_a_serving_leader_gets_the_outstanding_proposals_and_then_their_commits()
    {
        var h = new ZabHarness(3, [1, 2, 3], [], new Dictionary<long, Disk>());
        h.StartLeader();
        h.Connect(1);
        h.SlowDisks.Add(1);
        h.SlowDisks.Add(3);
        h.Propose();                      // 0x100000001: nobody has it durable yet
        h.Connect(2);
        var toTwo = h.Transcript.Where(t => t.StartsWith("L>2 ") && !t.Contains("LEADERINFO")).ToList();
        Assert.Equal(["L>2 DIFF 0x0", "L>2 PROPOSAL 0x100000001", "L>2 NEWLEADER 0x100000000", "L>2 UPTODATE"], toTwo);
        // Server 2's ack (its disk is fast) and the leader's own make the quorum.
        h.Flush(3);
        Assert.Contains("L>2 COMMIT 0x100000001", h.Transcript);
        Assert.Equal(0x100000001, h.Disks[2].Applied);
    }
}
