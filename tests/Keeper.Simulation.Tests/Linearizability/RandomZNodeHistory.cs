using Keeper.Simulation.Tests.Linearizability.Models;
using In = Keeper.Simulation.Tests.Linearizability.Models.ZNodeInput;
using Out = Keeper.Simulation.Tests.Linearizability.Models.ZNodeOutput;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Generates histories that are linearizable by construction: clients issue overlapping requests, each
/// request takes effect at a random instant inside its interval on a plain dictionary of znodes — written
/// here independently of <see cref="ZNodeModel"/>, so the test also cross-checks the model — and its
/// answer is whatever that dictionary said. Some requests lose their answer: those took effect at a random
/// later instant, or never.
/// </summary>
internal static class RandomZNodeHistory
{
    /// <param name="LostLatestEffect">Never: lost requests may take effect any time. Otherwise each one's
    /// latest-effect time is a random moment up to this long after it was sent.</param>
    /// <param name="Ties">Whether a client may send its next request at the instant the previous answer came.</param>
    internal sealed record Options(
        int Seed, int Operations, int Clients, int Paths, double LostFraction = 0, long LostLatestEffect = Operation<In, Out>.Never,
        int MaxGap = 20, int MaxDuration = 60, bool Ties = false);

    private sealed record Slot(int Index, int Client, long Invoked, long Returned, long EffectAt, bool Lost, long LatestEffect);

    public static List<Operation<In, Out>> Generate(Options o)
    {
        var random = new Random(o.Seed);
        var free = new long[o.Clients];
        var slots = new List<Slot>(o.Operations);
        for (var i = 0; i < o.Operations; i++)
        {
            var client = random.Next(o.Clients);
            var invoked = free[client] + random.Next(0, o.MaxGap + 1);
            var returned = invoked + random.Next(o.Ties ? 0 : 1, o.MaxDuration + 1);
            var lost = random.NextDouble() < o.LostFraction;
            long effectAt;
            var latestEffect = Operation<In, Out>.Never;
            if (lost)
            {
                // Takes effect somewhere in its possible window (bounded if a latest-effect time is given), or never.
                var window = o.LostLatestEffect == Operation<In, Out>.Never ? 2_000 : random.NextInt64(0, o.LostLatestEffect + 1);
                if (o.LostLatestEffect != Operation<In, Out>.Never)
                    latestEffect = invoked + window;
                effectAt = random.Next(2) == 0 ? invoked + random.NextInt64(0, window + 1) : long.MaxValue;
                returned = invoked + o.MaxDuration; // the client times out and moves on
            }
            else
            {
                effectAt = invoked + random.NextInt64(0, returned - invoked + 1);
            }
            slots.Add(new Slot(i, client, invoked, returned, effectAt, lost, latestEffect));
            // With ties the next request may start at the instant of the answer, which the checker reads as
            // concurrent — still linearizable, since effect ties go by index and the earlier request has the lower one.
            free[client] = returned + (o.Ties ? 0 : 1);
        }

        // Apply in effect order; ties are concurrent requests, so either order is a valid linearization.
        var byEffect = slots.Where(s => s.EffectAt != long.MaxValue).OrderBy(s => s.EffectAt).ThenBy(s => s.Index).ToList();
        var nodes = new Dictionary<string, (string Data, int Version)>();
        var ops = new Operation<In, Out>[o.Operations];
        foreach (var s in byEffect)
        {
            var (input, output) = Apply(nodes, random, o.Paths, $"d{s.Index}");
            ops[s.Index] = Record(s, input, output);
        }
        foreach (var s in slots.Where(s => s.EffectAt == long.MaxValue))
            ops[s.Index] = Record(s, RandomInput(random, o.Paths, $"d{s.Index}", version: random.Next(0, 3)), default);
        return [.. ops];
    }

    private static Operation<In, Out> Record(Slot s, In input, Out output) => s.Lost
        ? Operation<In, Out>.Unknown(s.Client, s.Invoked, input, s.LatestEffect)
        : Operation<In, Out>.Completed(s.Client, s.Invoked, input, s.Returned, output);

    /// <summary>Picks a request (an expected version near the current one, so CAS and delete succeed often) and runs it.</summary>
    private static (In, Out) Apply(Dictionary<string, (string Data, int Version)> nodes, Random random, int paths, string data)
    {
        var probe = RandomInput(random, paths, data, 0);
        var exists = nodes.TryGetValue(probe.Path, out var node);
        var version = exists && random.Next(3) > 0 ? node.Version : random.Next(0, 3);
        var input = probe with { ExpectedVersion = probe.ExpectedVersion == In.AnyVersion ? In.AnyVersion : version };
        switch (input.Kind)
        {
            case ZNodeOpKind.Read:
                return (input, exists ? Out.Value(node.Data, node.Version) : Out.NoNode);
            case ZNodeOpKind.Create:
                if (exists)
                    return (input, Out.NodeExists);
                nodes[input.Path] = (data, 0);
                return (input, Out.Ok);
            case ZNodeOpKind.Delete:
                if (!exists)
                    return (input, Out.NoNode);
                if (input.ExpectedVersion != In.AnyVersion && input.ExpectedVersion != node.Version)
                    return (input, Out.BadVersion);
                nodes.Remove(input.Path);
                return (input, Out.Ok);
            default: // Write, CompareAndSet
                if (!exists)
                    return (input, Out.NoNode);
                if (input.ExpectedVersion != In.AnyVersion && input.ExpectedVersion != node.Version)
                    return (input, Out.BadVersion);
                nodes[input.Path] = (data, node.Version + 1);
                return (input, Out.Written(node.Version + 1));
        }
    }

    private static In RandomInput(Random random, int paths, string data, int version)
    {
        var path = $"/k{random.Next(paths)}";
        return random.Next(100) switch
        {
            < 40 => In.Read(path),
            < 60 => In.Write(path, data),
            < 80 => In.CompareAndSet(path, version, data),
            < 93 => In.Create(path, data),
            _ => In.Delete(path, random.Next(2) == 0 ? In.AnyVersion : version),
        };
    }
}
