using Keeper.Consensus;
using Keeper.Consensus.Zab;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Found by the simulation (seed 1395): a learner wrote currentEpoch on NEWLEADER while the history the
/// leader had just sent it was still in its unsynced log tail. A crash then left it with the new epoch and
/// an old log; the next election prefers the higher epoch, so it led and TRUNCated txns that were
/// committed (ZOOKEEPER-4643). The epoch may only be written once that history is durable.
/// </summary>
public class EpochDurabilityTests
{
    private static readonly ZabOptions Options = new(TickTime: 200, InitLimit: 10, SyncLimit: 5, HistoryCapacity: 10);

    [Fact]
    public void A_learner_writes_the_new_current_epoch_only_after_the_synced_history_is_durable()
    {
        var learner = new Learner(2, isObserver: false, new PeerHistory(1, 1, Zxid.Make(1, 6)), Options);
        learner.Start(0);
        learner.Receive(new LeaderInfo(3), 1);
        learner.Receive(new Diff(Zxid.Make(2, 2)), 2);
        learner.Receive(new ProposalMessage(new Proposal(Zxid.Make(1, 7), [7])), 2);
        learner.Receive(new Commit(Zxid.Make(1, 7)), 2);
        learner.Receive(new ProposalMessage(new Proposal(Zxid.Make(2, 1), [8])), 2);
        learner.Receive(new Commit(Zxid.Make(2, 1)), 2);
        learner.Receive(new NewLeader(Zxid.Make(3, 0)), 3);

        var beforeDurable = learner.TakeActions();
        Assert.DoesNotContain(beforeDurable, a => a is PersistCurrentEpoch);
        Assert.DoesNotContain(beforeDurable, a => a is Send { Message: Ack });

        learner.Logged(Zxid.Make(2, 1));
        var afterDurable = learner.TakeActions();
        int persist = afterDurable.FindIndex(a => a is PersistCurrentEpoch { Epoch: 3 });
        int ack = afterDurable.FindIndex(x => x is Send { Message: Ack ack0 } && ack0.Zxid == Zxid.Make(3, 0));
        Assert.True(persist >= 0 && ack > persist, string.Join(", ", afterDurable));
        Assert.Equal(3, learner.CurrentEpoch);
    }

    [Fact]
    public void A_learner_with_nothing_new_to_log_writes_the_epoch_and_acks_at_once()
    {
        var learner = new Learner(2, isObserver: false, new PeerHistory(1, 1, Zxid.Make(1, 6)), Options);
        learner.Start(0);
        learner.Receive(new LeaderInfo(2), 1);
        learner.Receive(new Diff(Zxid.Make(1, 6)), 2);
        learner.Receive(new NewLeader(Zxid.Make(2, 0)), 3);
        var actions = learner.TakeActions();
        int persist = actions.FindIndex(a => a is PersistCurrentEpoch { Epoch: 2 });
        int ack = actions.FindIndex(x => x is Send { Message: Ack ack0 } && ack0.Zxid == Zxid.Make(2, 0));
        Assert.True(persist >= 0 && ack > persist, string.Join(", ", actions));
    }

    [Fact]
    public void Seed_1395_a_follower_crashing_after_newleader_does_not_cost_committed_txns()
    {
        var result = SeededRun.Run(1395);
        Assert.True(result.Passed, result.Report());
    }
}
