namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Random faults until the chaos phase ends: crashes with later restarts, an isolated server or a split
/// ensemble for a while, broken quorum connections and election channels. One partition at a time; a
/// newer one replaces the older (its heal is then void).
/// </summary>
internal sealed class FaultInjector(Simulation sim)
{
    private int _partition;

    public void Schedule(long until)
    {
        long at = sim.Clock.Now + 1 + sim.Random.Next((int)(2 * sim.Options.MeanFaultGapMs));
        if (at >= until) return;
        sim.Clock.At(at, () =>
        {
            Inject(until);
            Schedule(until);
        });
    }

    private void Inject(long until)
    {
        var r = sim.Random;
        int roll = r.Next(100);
        if (roll < 30)
        {
            var alive = sim.Servers.Where(s => s.Alive).ToList();
            if (alive.Count == 0) return;
            var victim = alive[r.Next(alive.Count)];
            victim.Crash();
            long restartAt = sim.Clock.Now + r.Next(100, 5_000);
            if (restartAt < until) sim.Clock.At(restartAt, () => { if (!victim.Alive) victim.Start(); });
        }
        else if (roll < 65)
        {
            int id = ++_partition;
            var groups = new Dictionary<long, int>();
            string description;
            if (roll < 50)
            {
                var lone = sim.Servers[r.Next(sim.Servers.Count)];
                groups[lone.Id] = 1;
                description = $"s{lone.Id} isolated";
            }
            else
            {
                // Two non-empty sides: a random cut of a shuffled order.
                var order = sim.Servers.OrderBy(_ => r.Next()).ToList();
                int cut = r.Next(1, order.Count);
                for (int i = 0; i < order.Count; i++) groups[order[i].Id] = i < cut ? 0 : 1;
                description = "{" + string.Join(",", groups.Where(g => g.Value == 0).Select(g => g.Key)) + "} | {" +
                              string.Join(",", groups.Where(g => g.Value == 1).Select(g => g.Key)) + "}";
            }
            sim.Count("partition");
            sim.Net.Partition(groups, description);
            sim.Clock.After(r.Next(300, 6_000), () => { if (_partition == id) sim.Net.Heal(); });
        }
        else if (roll < 85)
        {
            var open = sim.Net.OpenConnections;
            if (open.Count == 0) return;
            var c = open[r.Next(open.Count)];
            sim.Trace.Add($"net: {c} breaks");
            sim.Net.Break(c, r.Next(0, 50), r.Next(0, 50));
        }
        else
        {
            var a = sim.Servers[r.Next(sim.Servers.Count)];
            var b = sim.Servers[r.Next(sim.Servers.Count)];
            if (a != b) sim.Net.BreakElection(a.Id, b.Id);
        }
    }
}
