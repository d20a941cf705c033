using Keeper.Consensus.Zab;

namespace Keeper.Consensus.Tests.Zab;

/// <summary>Reconfig in Zab, as Apache's Leader runs it: joiners, the two quorums, COMMITANDACTIVATE and the hand-over.</summary>
public class ZabReconfigTests
{
    // Leader 3 of voters 1..3, plus server 4 outside the membership connected as a follower.
    private static ZabHarness ServingWithJoiner()
    {
        var h = new ZabHarness(3, [1, 2, 3], [], new Dictionary<long, Disk>());
        h.Learners[4] = new Learner(4, false, default, h.Options);
        h.Disks[4] = new Disk();
        h.StartLeader();
        foreach (var id in new long[] { 1, 2, 4 }) h.Connect(id);
        h.Transcript.Clear();
        h.Events.Clear();
        return h;
    }

    [Fact]
    public void A_server_outside_the_membership_is_synced_and_gets_proposals_but_its_acks_do_not_count()
    {
        var h = ServingWithJoiner();
        h.SlowDisks.UnionWith([1, 2]);
        h.Propose();
        Assert.Contains("L>4 PROPOSAL 0x100000001", h.Transcript);
        Assert.Contains("4>L ACK 0x100000001", h.Transcript);
        Assert.Equal(0, h.Disks[3].Applied); // leader + server 4 are not two of {1, 2, 3}
        h.Flush(1);
        Assert.Equal(0x100000001, h.Disks[3].Applied);
    }

    [Fact]
    public void A_reconfig_commits_only_with_a_quorum_of_the_old_and_of_the_new_voters()
    {
        var h = ServingWithJoiner();
        h.SlowDisks.UnionWith([1, 2, 4]);
        h.ProposeReconfig([1, 2, 3, 4]);
        h.Flush(1);                       // {3, 1}: a quorum of {1,2,3}, not of {1,2,3,4}
        Assert.Equal(0, h.Disks[3].Applied);
        h.Flush(4);                       // {3, 1, 4}: both
        Assert.Equal(0x100000001, h.Disks[3].Applied);
        Assert.Contains("L>1 COMMITANDACTIVATE 0x100000001 leader=3", h.Transcript);
        Assert.Contains("L>4 COMMITANDACTIVATE 0x100000001 leader=3", h.Transcript);
        Assert.DoesNotContain(h.Transcript, t => t.StartsWith("L>1 COMMIT 0x100000001"));
        Assert.Contains("L activates 0x100000001 led by 3", h.Events);
        Assert.Contains("4 activates 0x100000001 led by 3", h.Events);
    }

    [Fact]
    public void After_the_reconfig_the_new_voters_make_the_quorum()
    {
        var h = ServingWithJoiner();
        h.ProposeReconfig([1, 3, 4]); // 2 leaves, 4 joins
        h.SlowDisks.UnionWith([1, 2]);
        h.Propose();
        Assert.Equal(0x100000002, h.Disks[3].Applied); // {3, 4} of {1, 3, 4}; server 2 no longer counts
    }

    [Fact]
    public void Proposals_made_while_a_reconfig_is_outstanding_also_need_the_new_quorum()
    {
        var h = ServingWithJoiner();
        h.SlowDisks.UnionWith([1, 2, 4]);
        h.ProposeReconfig([1, 2, 3, 4]);
        h.Propose();
        h.Flush(1);
        Assert.Equal(0, h.Disks[3].Applied);
        h.Flush(4);
        Assert.Equal(0x100000002, h.Disks[3].Applied);
    }

    [Fact]
    public void A_leader_removed_by_a_reconfig_names_a_new_voter_that_acked_it_and_steps_down()
    {
        var h = ServingWithJoiner();
        h.SlowDisks.Add(1);
        h.ProposeReconfig([1, 2, 4]);
        Assert.Contains("L>2 COMMITANDACTIVATE 0x100000001 leader=2", h.Transcript);
        Assert.Contains("L activates 0x100000001 led by 2", h.Events);
        Assert.Contains(h.Events, e => e.StartsWith("L fails: reconfig 0x100000001 removed this server from the voters; server 2 leads next"));
    }

    [Fact]
    public void Observers_get_INFORMANDACTIVATE()
    {
        var h = new ZabHarness(3, [2, 3], [1], new Dictionary<long, Disk>());
        h.StartLeader();
        h.Connect(1);
        h.Connect(2);
        h.Transcript.Clear();
        h.ProposeReconfig([2, 3], [1]);
        Assert.Contains("L>1 INFORMANDACTIVATE 0x100000001 leader=3", h.Transcript);
        Assert.Equal(0x100000001, h.Disks[1].Applied);
    }

    [Fact]
    public void A_second_reconfig_before_the_first_commits_is_refused()
    {
        var h = ServingWithJoiner();
        h.SlowDisks.UnionWith([1, 2, 3, 4]);
        h.ProposeReconfig([1, 2, 3, 4]);
        Assert.True(h.Leader.ReconfigPending);
        Assert.Throws<InvalidOperationException>(() => h.ProposeReconfig([1, 2, 3]));
    }
}
