namespace Keeper.Consensus.Tests.Zab;

/// <summary>Proposals, acks, commits, observers, sync and the liveness rules once an epoch is established.</summary>
public class ZabBroadcastTests
{
    private static ZabHarness Serving(long[] voters, long[]? observers = null)
    {
        var h = new ZabHarness(voters.Max(), voters, observers ?? [], new Dictionary<long, Disk>());
        h.StartLeader();
        foreach (var id in voters.Concat(observers ?? []).Where(id => id != voters.Max())) h.Connect(id);
        h.Transcript.Clear();
        h.Events.Clear();
        return h;
    }

    [Fact]
    public void A_proposal_commits_when_a_quorum_has_logged_it()
    {
        var h = Serving([1, 2, 3]);
        h.SlowDisks.UnionWith([1, 2, 3]);
        h.Propose();
        Assert.Equal(0, h.Disks[3].Applied);
        h.Flush(3);                       // the leader alone is not a quorum of three
        Assert.Equal(0, h.Disks[3].Applied);
        h.Flush(1);
        Assert.Equal(0x100000001, h.Disks[3].Applied);
        Assert.Equal(0x100000001, h.Disks[1].Applied);
        Assert.Equal(0x100000001, h.Disks[2].Applied); // committed though its own disk is still slow
    }

    [Fact]
    public void Commits_go_out_one_per_txn_in_zxid_order()
    {
        var h = Serving([1, 2, 3]);
        h.SlowDisks.UnionWith([1, 2]);
        h.Propose(); h.Propose(); h.Propose();
        h.Flush(1);
        var commits = h.Transcript.Where(t => t.StartsWith("L>1 COMMIT")).ToList();
        Assert.Equal(["L>1 COMMIT 0x100000001", "L>1 COMMIT 0x100000002", "L>1 COMMIT 0x100000003"], commits);
    }

    [Fact]
    public void A_follower_acks_each_proposal_once_it_is_durable()
    {
        var h = Serving([1, 2, 3]);
        h.SlowDisks.Add(1);
        h.Propose(); h.Propose();
        Assert.DoesNotContain(h.Transcript, t => t.StartsWith("1>L ACK"));
        h.Flush(1);
        Assert.Equal(["1>L ACK 0x100000001", "1>L ACK 0x100000002"], h.Transcript.Where(t => t.StartsWith("1>L ACK")));
    }

    [Fact]
    public void Observers_get_informs_and_never_count_towards_the_quorum()
    {
        var h = Serving([2, 3], observers: [1]);
        h.SlowDisks.Add(2);
        h.Propose();
        Assert.DoesNotContain(h.Transcript, t => t.StartsWith("L>1 PROPOSAL"));
        Assert.Equal(0, h.Disks[1].Applied);
        h.Flush(2);
        Assert.Contains("L>1 INFORM 0x100000001", h.Transcript);
        Assert.Equal(0x100000001, h.Disks[1].Applied);
        Assert.DoesNotContain(h.Transcript, t => t.StartsWith("1>L ACK 0x1000000"));
    }

    [Fact]
    public void A_sync_is_answered_once_every_earlier_proposal_is_committed()
    {
        var h = Serving([1, 2, 3]);
        h.SlowDisks.UnionWith([1, 2]);
        h.Propose();
        h.Learners[1].RequestSync();
        h.Pump();
        Assert.DoesNotContain("1 sync answered", h.Events);
        h.Flush(2);
        Assert.Contains("1 sync answered", h.Events);
    }

    [Fact]
    public void A_sync_with_nothing_outstanding_is_answered_at_once()
    {
        var h = Serving([1, 2, 3]);
        h.Leader.Sync(0);
        h.Pump();
        Assert.Contains("L sync ready", h.Events);
    }

    [Fact]
    public void The_leader_pings_every_half_tick_and_followers_answer()
    {
        var h = Serving([1, 2, 3]);
        h.Advance(h.Options.PingIntervalMs);
        Assert.Contains("L>1 PING 0x100000000", h.Transcript);
        Assert.Contains("L>2 PING 0x100000000", h.Transcript);
    }

    [Fact]
    public void The_leader_steps_down_when_a_quorum_falls_silent_for_sync_limit()
    {
        var h = Serving([1, 2, 3]);
        h.Cut.UnionWith([1, 2]);
        for (int i = 0; i < 2 * h.Options.SyncLimit + 2; i++) h.Advance(h.Options.PingIntervalMs);
        Assert.Contains(h.Events, e => e.StartsWith("L fails: not sufficient followers synced, only synced with sids: [3]"));
    }

    [Fact]
    public void The_leader_keeps_serving_with_one_of_three_silent()
    {
        var h = Serving([1, 2, 3]);
        h.Cut.Add(1);
        for (int i = 0; i < 2 * h.Options.SyncLimit + 2; i++) h.Advance(h.Options.PingIntervalMs);
        Assert.Contains(h.Events, e => e.StartsWith("L drops 1: no word from server 1"));
        Assert.DoesNotContain(h.Events, e => e.StartsWith("L fails"));
        h.Propose();
        Assert.Equal(0x100000001, h.Disks[2].Applied);
    }

    [Fact]
    public void A_follower_gives_up_on_a_silent_leader_after_sync_limit()
    {
        var h = Serving([1, 2, 3]);
        h.Now += h.Options.SyncTimeoutMs + 1;
        h.Learners[1].Tick(h.Now);
        h.Pump();
        Assert.Contains(h.Events, e => e.StartsWith("1 fails: no word from the leader"));
    }

    [Fact]
    public void A_commit_for_a_txn_never_proposed_is_a_protocol_error()
    {
        var h = Serving([1, 2, 3]);
        h.Learners[1].Receive(new Keeper.Consensus.Zab.Commit(0x100000009), h.Now);
        h.Pump();
        Assert.Contains("1 fails: commit of 0x100000009, which was never proposed to us", h.Events);
    }
}
