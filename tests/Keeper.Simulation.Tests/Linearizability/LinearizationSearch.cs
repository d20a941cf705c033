using System.Diagnostics;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Wing &amp; Gong's search as improved by Lowe and by Porcupine, for one (sub-)history: repeatedly take
/// the earliest pending call that the model accepts next, lift it out of the event list and continue
/// from the front; on reaching a return whose call is not yet linearized, no order of what is left can
/// respect real time, so undo the last choice and try the next candidate. A cache of
/// (linearized set, state) pairs prunes configurations already explored — the key to making it fast.
/// </summary>
internal sealed class LinearizationSearch<TState, TInput, TOutput>
{
    internal readonly record struct Outcome(Verdict Verdict, long Steps, int[] LongestPrefix);

    private readonly record struct Frame(EntryList.Entry Call, TState StateBefore);

    private readonly record struct Memo(ulong[] Linearized, TState State);

    private readonly IModel<TState, TInput, TOutput> _model;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _ops;

    public LinearizationSearch(IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> ops)
    {
        _model = model;
        _ops = ops;
    }

    /// <param name="maxSteps">Steps (candidate tries plus backtracks) before giving up with Unknown.</param>
    /// <param name="deadline">Stopwatch timestamp after which to give up with Unknown.</param>
    public Outcome Run(long maxSteps, long deadline)
    {
        var n = _ops.Count;
        var calls = new long[n];
        var returns = new long[n];
        var remaining = 0; // completed operations not yet linearized
        for (var i = 0; i < n; i++)
        {
            calls[i] = _ops[i].Invoked;
            returns[i] = _ops[i].Returned;
            if (_ops[i].OutcomeKnown)
                remaining++;
        }

        var list = new EntryList(calls, returns);
        var linearized = new OpSet(n);
        var cache = new Dictionary<ulong, List<Memo>>();
        var frames = new Stack<Frame>();
        var best = Array.Empty<int>();
        var state = _model.Init();
        var entry = list.Head.Next;
        long steps = 0;

        while (true)
        {
            // Every completed operation is placed. The unknown-outcome ones left over either never took
            // effect or took effect after everything observed — the two are indistinguishable — so stop.
            if (remaining == 0)
                return new Outcome(Verdict.Linearizable, steps, Prefix(frames));

            if (++steps > maxSteps || ((steps & 0xFFF) == 0 && Stopwatch.GetTimestamp() > deadline))
                return new Outcome(Verdict.Unknown, steps, best);

            // A completed operation is still in the list, so its return lies ahead: never null here.
            Debug.Assert(entry is not null);
            if (entry.IsCall)
            {
                var op = _ops[entry.Op];
                bool ok;
                TState next;
                if (op.OutcomeKnown)
                    (ok, next) = _model.Step(state, op.Input, op.Output!);
                else
                    (ok, next) = (true, _model.StepUnobserved(state, op.Input));

                if (ok)
                {
                    linearized.Add(entry.Op);
                    if (TryRemember(cache, linearized, next))
                    {
                        frames.Push(new Frame(entry, state));
                        state = next;
                        EntryList.Lift(entry);
                        if (op.OutcomeKnown)
                            remaining--;
                        if (frames.Count > best.Length)
                            best = Prefix(frames);
                        entry = list.Head.Next;
                        continue;
                    }
                    linearized.Remove(entry.Op);
                }
                entry = entry.Next;
            }
            else
            {
                // The earliest unplaced return: its operation had to be placed by now and could not be.
                if (frames.Count == 0)
                    return new Outcome(Verdict.NotLinearizable, steps, best);
                var top = frames.Pop();
                state = top.StateBefore;
                linearized.Remove(top.Call.Op);
                EntryList.Unlift(top.Call);
                if (_ops[top.Call.Op].OutcomeKnown)
                    remaining++;
                entry = top.Call.Next;
            }
        }
    }

    /// <summary>Adds (linearized, state) to the cache; false if it was already there (explored before).</summary>
    private bool TryRemember(Dictionary<ulong, List<Memo>> cache, OpSet linearized, TState state)
    {
        var key = linearized.Hash ^ ((ulong)(uint)_model.StateHash(state) * 0x9E3779B97F4A7C15UL);
        if (!cache.TryGetValue(key, out var bucket))
        {
            cache.Add(key, [new Memo(linearized.Snapshot(), state)]);
            return true;
        }
        for (var i = 0; i < bucket.Count; i++)
        {
            if (linearized.SameAs(bucket[i].Linearized) && _model.StateEquals(bucket[i].State, state))
                return false;
        }
        bucket.Add(new Memo(linearized.Snapshot(), state));
        return true;
    }

    /// <summary>The operations on the stack, oldest first: the linearization built so far.</summary>
    private static int[] Prefix(Stack<Frame> frames)
    {
        var prefix = new int[frames.Count];
        var i = prefix.Length;
        foreach (var frame in frames) // a Stack enumerates newest first
            prefix[--i] = frame.Call.Op;
        return prefix;
    }
}
