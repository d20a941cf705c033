namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>
/// Collects a history while a simulation runs: <see cref="Invoke"/> when a client sends a request,
/// <see cref="Complete"/> when its response arrives. Whatever is still open at <see cref="Build"/> has an
/// unknown outcome — which is exactly right for requests lost with a connection or a crashed server,
/// so a recorder never has to decide whether a lost write "happened".
/// </summary>
/// <remarks>
/// Record the invocation before the request can reach any server and the response only after the client
/// has it, or the intervals are too narrow and the checker reports violations that did not happen.
/// </remarks>
internal sealed class HistoryRecorder<TInput, TOutput>
{
    private readonly List<Operation<TInput, TOutput>> _ops = [];

    public int Count => _ops.Count;

    /// <summary>Starts an operation; returns the handle to complete it with.</summary>
    public int Invoke(int clientId, long time, TInput input)
    {
        _ops.Add(Operation<TInput, TOutput>.Unknown(clientId, time, input));
        return _ops.Count - 1;
    }

    /// <summary>The response of <paramref name="handle"/> arrived at <paramref name="time"/>.</summary>
    public void Complete(int handle, long time, TOutput output)
    {
        var op = _ops[handle];
        CheckOpen(handle, op, time);
        _ops[handle] = op with { Returned = time, Output = output, OutcomeKnown = true };
    }

    /// <summary>
    /// <paramref name="handle"/> got no answer and can no longer take effect after <paramref name="time"/>
    /// (e.g. the client saw its session expire, so the ensemble has committed the session's close).
    /// Optional — leaving it open is always sound — but it keeps the search from considering the request
    /// for the rest of the history.
    /// </summary>
    public void Lost(int handle, long time)
    {
        var op = _ops[handle];
        CheckOpen(handle, op, time);
        _ops[handle] = op with { Returned = time };
    }

    private static void CheckOpen(int handle, Operation<TInput, TOutput> op, long time)
    {
        if (op.OutcomeKnown || op.Returned != Operation<TInput, TOutput>.Never)
            throw new InvalidOperationException($"operation {handle} already finished");
        if (time < op.Invoked || time == Operation<TInput, TOutput>.Never)
            throw new ArgumentOutOfRangeException(nameof(time), $"time {time} for an operation invoked at {op.Invoked}");
    }

    /// <summary>The history so far; operations not completed have an unknown outcome.</summary>
    public IReadOnlyList<Operation<TInput, TOutput>> Build() => _ops.ToArray();
}
