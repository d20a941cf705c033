using System.Diagnostics;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Wing &amp; Gong's search as improved by Lowe and by Porcupine, for one (sub-)history: repeatedly take
/// a pending call that the model accepts next, lift it out of the event list and continue from the
/// front; on reaching a return whose call is not yet linearized, no order of what is left can respect
/// real time, so undo the last choice and try the next candidate. A cache of (resolved set, state)
/// pairs prunes configurations already explored — the key to making it fast.
/// </summary>
/// <remarks>
/// Unknown-outcome operations add two things. They are tried only after every completed candidate
/// (phase <see cref="Phase.Unknown"/>): nothing forces them to happen now, so a linearizable history is
/// usually found without placing them at all, instead of after trying each at every point. And when the
/// scan reaches one's latest-effect time it may be omitted — it never happened
/// (<see cref="Phase.Omit"/>). Omitted and linearized operations are both "resolved": with the same
/// state, the rest of the search cannot tell them apart, so the cache treats them alike.
/// </remarks>
internal sealed class LinearizationSearch<TState, TInput, TOutput>
{
    /// <param name="LongestPrefix">Resolved operations in order; an omitted one is encoded as ~index.</param>
    internal readonly record struct Outcome(Verdict Verdict, long Steps, int[] LongestPrefix);

    /// <summary>The order in which a configuration's choices are tried.</summary>
    private enum Phase
    {
        /// <summary>Completed operations invoked before the first pending return.</summary>
        Completed,

        /// <summary>Leave out the unknown-outcome operation whose return (latest effect) is first.</summary>
        Omit,

        /// <summary>Unknown-outcome operations invoked before the first pending return.</summary>
        Unknown,
    }

    private readonly record struct Frame(EntryList.Entry Call, TState StateBefore, Phase Phase);

    private readonly record struct Memo(ulong[] Resolved, TState State);

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

        var twinBefore = TwinsBefore();
        var list = new EntryList(calls, returns);
        var resolved = new OpSet(n);
        var cache = new Dictionary<ulong, List<Memo>>();
        var frames = new Stack<Frame>();
        var best = Array.Empty<int>();
        var state = _model.Init();
        var entry = list.Head.Next;
        var phase = Phase.Completed;
        long steps = 0;

        while (true)
        {
            // Every completed operation is placed. The unknown-outcome ones left over either never took
            // effect or took effect after everything observed — the two are indistinguishable — so stop.
            if (remaining == 0)
                return new Outcome(Verdict.Linearizable, steps, Prefix(frames));

            if (++steps > maxSteps || ((steps & 0xFFF) == 0 && Stopwatch.GetTimestamp() > deadline))
                return new Outcome(Verdict.Unknown, steps, best);

            // A completed operation is unresolved, so its return lies ahead: the scan never runs off the end.
            Debug.Assert(entry is not null);
            if (entry.IsCall)
            {
                var op = _ops[entry.Op];
                if (op.OutcomeKnown == (phase == Phase.Completed) && (twinBefore[entry.Op] < 0 || resolved.Contains(twinBefore[entry.Op])))
                {
                    var (ok, next) = op.OutcomeKnown
                        ? _model.Step(state, op.Input, op.Output!)
                        : (true, _model.StepUnobserved(state, op.Input));
                    // An unknown outcome that would change nothing now is better left unresolved: the
                    // configuration after it is the current one minus the chance to apply it later.
                    if (!op.OutcomeKnown && _model.StateEquals(state, next))
                        ok = false;
                    if (ok && TryResolve(cache, resolved, entry, next))
                    {
                        frames.Push(new Frame(entry, state, phase));
                        state = next;
                        if (op.OutcomeKnown)
                            remaining--;
                        if (frames.Count > best.Length)
                            best = Prefix(frames);
                        (entry, phase) = (list.Head.Next, Phase.Completed);
                        continue;
                    }
                }
                entry = entry.Next;
                continue;
            }

            // The first unresolved return: every candidate for this configuration lies before it.
            if (phase == Phase.Completed)
            {
                var call = entry.Call!;
                if (!_ops[call.Op].OutcomeKnown && TryResolve(cache, resolved, call, state))
                {
                    frames.Push(new Frame(call, state, Phase.Omit));
                    if (frames.Count > best.Length)
                        best = Prefix(frames);
                    entry = list.Head.Next;
                    continue;
                }
                (entry, phase) = (list.Head.Next, Phase.Unknown);
                continue;
            }

            // Every choice here failed: undo the previous one and try its successor.
            if (frames.Count == 0)
                return new Outcome(Verdict.NotLinearizable, steps, best);
            var top = frames.Pop();
            state = top.StateBefore;
            resolved.Remove(top.Call.Op);
            EntryList.Unlift(top.Call);
            if (top.Phase != Phase.Omit && _ops[top.Call.Op].OutcomeKnown)
                remaining++;
            (entry, phase) = top.Phase == Phase.Omit
                ? (list.Head.Next, Phase.Unknown)
                : (top.Call.Next, top.Phase);
        }
    }

    /// <summary>
    /// For each unknown-outcome operation, the one invoked just before it with the same input and the
    /// same latest-effect time (-1 if none). Such twins have the same effect on every state and nobody saw
    /// either answer, so in any linearization their identities can be swapped until the earlier-invoked
    /// one is always applied first: the search only applies an operation once its twin is resolved.
    /// </summary>
    private int[] TwinsBefore()
    {
        var twinBefore = new int[_ops.Count];
        Array.Fill(twinBefore, -1);
        var unknown = new List<int>();
        for (var i = 0; i < _ops.Count; i++)
        {
            if (!_ops[i].OutcomeKnown)
                unknown.Add(i);
        }
        unknown.Sort((a, b) => _ops[a].Invoked != _ops[b].Invoked ? _ops[a].Invoked.CompareTo(_ops[b].Invoked) : a.CompareTo(b));
        var last = new Dictionary<(TInput, long), int>();
        foreach (var i in unknown)
        {
            var key = (_ops[i].Input, _ops[i].Returned);
            if (last.TryGetValue(key, out var before))
                twinBefore[i] = before;
            last[key] = i;
        }
        return twinBefore;
    }

    /// <summary>
    /// Resolves <paramref name="call"/>'s operation (lifting it out of the list) unless the resulting
    /// (resolved set, state) was explored before.
    /// </summary>
    private bool TryResolve(Dictionary<ulong, List<Memo>> cache, OpSet resolved, EntryList.Entry call, TState state)
    {
        resolved.Add(call.Op);
        var key = resolved.Hash ^ ((ulong)(uint)_model.StateHash(state) * 0x9E3779B97F4A7C15UL);
        if (!cache.TryGetValue(key, out var bucket))
        {
            bucket = [];
            cache.Add(key, bucket);
        }
        for (var i = 0; i < bucket.Count; i++)
        {
            if (resolved.SameAs(bucket[i].Resolved) && _model.StateEquals(bucket[i].State, state))
            {
                resolved.Remove(call.Op);
                return false;
            }
        }
        bucket.Add(new Memo(resolved.Snapshot(), state));
        EntryList.Lift(call);
        return true;
    }

    /// <summary>The choices on the stack, oldest first: the linearization built so far.</summary>
    private static int[] Prefix(Stack<Frame> frames)
    {
        var prefix = new int[frames.Count];
        var i = prefix.Length;
        foreach (var frame in frames) // a Stack enumerates newest first
            prefix[--i] = frame.Phase == Phase.Omit ? ~frame.Call.Op : frame.Call.Op;
        return prefix;
    }
}
