namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// Virtual time and the one queue of everything that will happen. Events at the same instant run in the
/// order they were scheduled (a sequence number breaks ties), so a run depends only on its seed.
/// </summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<Action, (long Time, long Seq)> _events = new();
    private long _seq;

    public long Now { get; private set; }

    public int Pending => _events.Count;

    public long Executed { get; private set; }

    public void At(long time, Action action) => _events.Enqueue(action, (Math.Max(time, Now), _seq++));

    public void After(long delay, Action action) => At(Now + delay, action);

    /// <summary>Runs events up to and including <paramref name="until"/>, at most <paramref name="maxEvents"/> of them.</summary>
    public void RunUntil(long until, long maxEvents)
    {
        while (_events.TryPeek(out _, out var key) && key.Time <= until)
        {
            if (Executed >= maxEvents)
                throw new SimulationException($"more than {maxEvents} events by {Now} ms: the run does not settle");
            _events.Dequeue()();
            Now = key.Time;
            Executed++;
        }
        Now = Math.Max(Now, until);
    }
}

/// <summary>The simulation itself cannot go on (a runaway run): reported as a failure of the seed.</summary>
internal sealed class SimulationException(string message) : Exception(message);
