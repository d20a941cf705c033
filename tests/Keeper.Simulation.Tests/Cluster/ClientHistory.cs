using Keeper.Simulation.Tests.Linearizability;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// The clients' history for the checker. Like <see cref="HistoryRecorder{TInput,TOutput}"/>, but a request
/// refused before it could reach a leader is a definite failure and is left out: it never took effect and
/// nobody saw an answer, so it constrains nothing. Whatever is neither answered nor refused stays unknown.
/// </summary>
internal sealed class ClientHistory
{
    private readonly List<Operation<ZNodeInput, ZNodeOutput>?> _ops = [];

    public int Answered { get; private set; }
    public int Refused { get; private set; }
    public int Count => _ops.Count;

    public int Invoke(int client, long now, ZNodeInput input)
    {
        _ops.Add(Operation<ZNodeInput, ZNodeOutput>.Unknown(client, now, input));
        return _ops.Count - 1;
    }

    public void Complete(int handle, long now, ZNodeOutput output)
    {
        var op = _ops[handle] ?? throw new InvalidOperationException("refused operation answered");
        _ops[handle] = op with { Returned = now, Output = output, OutcomeKnown = true };
        Answered++;
    }

    public void Refuse(int handle)
    {
        _ops[handle] = null;
        Refused++;
    }

    public IReadOnlyList<Operation<ZNodeInput, ZNodeOutput>> Build() => _ops.OfType<Operation<ZNodeInput, ZNodeOutput>>().ToArray();

    public int Unknown => _ops.Count(o => o is { OutcomeKnown: false });
}
