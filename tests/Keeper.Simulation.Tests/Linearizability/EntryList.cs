namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// The history as a doubly linked list of call and return events in time order (Lowe's and Porcupine's
/// representation). Linearizing an operation lifts its call and return out of the list in O(1);
/// backtracking puts them back in O(1), because a removed node still remembers its neighbours.
/// </summary>
internal sealed class EntryList
{
    internal sealed class Entry
    {
        public required int Op { get; init; }

        /// <summary>The call's return entry; null for a return entry.</summary>
        public Entry? Match { get; set; }

        public bool IsCall => Match is not null;

        /// <summary>The return's call entry; null for a call entry.</summary>
        public Entry? Call { get; set; }

        public Entry? Prev { get; set; }

        public Entry? Next { get; set; }
    }

    /// <summary>A sentinel before the first event, so lifting the first entry needs no special case.</summary>
    public Entry Head { get; } = new() { Op = -1 };

    /// <param name="calls">Invocation time of each operation.</param>
    /// <param name="returns">Response time of each operation (<see cref="Operation{TInput,TOutput}.Never"/> if unknown).</param>
    public EntryList(IReadOnlyList<long> calls, IReadOnlyList<long> returns)
    {
        var n = calls.Count;
        var events = new (long Time, int Kind, int Op)[2 * n];
        for (var i = 0; i < n; i++)
        {
            // Kind 0 (call) sorts before 1 (return) at equal times: an operation invoked at the instant
            // another returned counts as concurrent with it. That is the conservative reading of a tie — it
            // never reports a violation some order of the simultaneous events could explain. A recorder
            // that knows the order should give the events distinct times.
            events[2 * i] = (calls[i], 0, i);
            events[2 * i + 1] = (returns[i], 1, i);
        }
        Array.Sort(events);

        var callEntries = new Entry[n];
        var prev = Head;
        foreach (var (_, kind, op) in events)
        {
            var entry = new Entry { Op = op, Prev = prev };
            if (kind == 0)
                callEntries[op] = entry;
            else
            {
                callEntries[op].Match = entry;
                entry.Call = callEntries[op];
            }
            prev.Next = entry;
            prev = entry;
        }
    }

    /// <summary>Removes a call and its return.</summary>
    public static void Lift(Entry call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null)
            ret.Next.Prev = ret.Prev;
    }

    /// <summary>Undoes <see cref="Lift"/>; must be called in the reverse order of the lifts.</summary>
    public static void Unlift(Entry call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null)
            ret.Next.Prev = ret;
        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }
}
