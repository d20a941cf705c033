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

    // Leader 1 of voters 1..3 whose log ends with an unactivated reconfig 0x100000005 to voters {1, 4, 5};
    // 4 and 5 are connected as followers outside the membership.
    private static ZabHarness InheritingLeader()
    {
        var disks = new Dictionary<long, Disk> { [1] = Disk.With(1, 1, 0x100000001, 0x100000002, 0x100000003, 0x100000004, 0x100000005) };
        var h = new ZabHarness(1, [1, 2, 3], [], disks,
            inherited: new MembershipChange(0x100000005, new HashSet<long> { 1, 4, 5 }, new HashSet<long>()));
        foreach (var id in new long[] { 4, 5 })
        {
            h.Learners[id] = new Learner(id, false, default, h.Options);
            h.Disks[id] = new Disk();
        }
        h.StartLeader();
        return h;
    }

    [Fact]
    public void A_new_leader_with_an_unactivated_reconfig_in_its_log_starts_the_epoch_only_with_a_quorum_of_both_memberships()
    {
        var h = InheritingLeader();
        h.Connect(2);
        h.Connect(3);
        Assert.False(h.Leader.IsServing); // {1, 2, 3} hold the history, but only 1 of {1, 4, 5} does
        Assert.True(h.Leader.ReconfigPending);
        h.Connect(4);
        Assert.True(h.Leader.IsServing);
        Assert.Contains("L activates 0x100000005 led by 1", h.Events);
        Assert.False(h.Leader.ReconfigPending);
        // The learners take the membership from NEWLEADER at UPTODATE; no COMMITANDACTIVATE is sent.
        Assert.DoesNotContain(h.Transcript, t => t.Contains("COMMITANDACTIVATE"));
    }

    [Fact]
    public void After_completing_an_inherited_reconfig_the_new_voters_make_the_quorum()
    {
        var h = InheritingLeader();
        foreach (var id in new long[] { 2, 3, 4, 5 }) h.Connect(id);
        h.SlowDisks.UnionWith([2, 3, 5]);
        h.Propose();
        Assert.Equal(0x200000001, h.Disks[1].Applied); // {1, 4} of {1, 4, 5}; 2 and 3 no longer count
    }

    [Fact]
    public void A_new_leader_that_an_inherited_reconfig_removes_names_a_synced_new_voter_and_steps_down()
    {
        var disks = new Dictionary<long, Disk> { [1] = Disk.With(1, 1, 0x100000001) };
        var h = new ZabHarness(1, [1, 2, 3], [], disks,
            inherited: new MembershipChange(0x100000001, new HashSet<long> { 2, 3 }, new HashSet<long>()));
        h.StartLeader();
        h.Connect(3);
        Assert.False(h.Leader.IsServing); // {1, 3} of {1, 2, 3}, but only 3 of {2, 3}
        h.Connect(2);
        Assert.Contains("L activates 0x100000001 led by 2", h.Events);
        Assert.Contains(h.Events, e => e.StartsWith("L fails: reconfig 0x100000001 removed this server from the voters; server 2 leads next"));
    }
}
