using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// A client with one request outstanding at a time, each to a server picked at random. An answer or a
/// refusal ends it (a refused one is retried as a new request); a lost connection or no answer within the
/// timeout leaves its outcome unknown, and the client moves on.
/// </summary>
internal sealed class SimClient(Simulation sim, int id)
{
    private readonly Dictionary<string, int> _lastVersion = [];
    private int _seq;
    private (int Seq, int Handle, KvOp Op)? _outstanding;

    public int Id { get; } = id;
    public bool Stopped { get; set; }
    public bool Idle => _outstanding is null;

    public void Start() => sim.Clock.After(sim.Random.Next(1, 300), Next);

    /// <summary>How the last request ended, for scenario tests: "ok ..."/"refused"/"lost"/"timeout".</summary>
    public string? LastOutcome { get; private set; }

    private void Next()
    {
        if (Stopped || _outstanding is not null) return;
        Send(RandomInput(), sim.Servers[sim.Random.Next(sim.Servers.Count)]);
    }

    /// <summary>A scenario's request: <paramref name="input"/> to <paramref name="server"/>, whatever the client was doing.</summary>
    public void Submit(ZNodeInput input, SimServer server)
    {
        if (_outstanding is not null) throw new InvalidOperationException($"client {Id} already has a request outstanding");
        Send(input, server);
    }

    private void Send(ZNodeInput input, SimServer server)
    {
        LastOutcome = null;
        var op = new KvOp(Id, ++_seq, input);
        int handle = sim.History.Invoke(Id, sim.Clock.Now, op.Input);
        _outstanding = (op.Seq, handle, op);
        sim.Clock.After(sim.Net.Delay(), () => server.OnClientRequest(op));
        int seq = op.Seq;
        sim.Clock.After(sim.Options.ClientTimeoutMs, () =>
        {
            if (_outstanding?.Seq != seq) return;
            sim.Trace.Add($"c{Id}: {op} timed out (unknown)");
            LastOutcome = "timeout";
            Done();
        });
    }

    private ZNodeInput RandomInput()
    {
        var key = sim.Options.Keys[sim.Random.Next(sim.Options.Keys.Length)];
        var value = $"c{Id}.{_seq}";
        int roll = sim.Random.Next(100);
        if (roll < 30) return ZNodeInput.Read(key);
        if (roll < 48) return ZNodeInput.Write(key, value);
        if (roll < 73)
        {
            // Mostly the version we last saw, so some CASes succeed; sometimes a guess.
            int version = _lastVersion.TryGetValue(key, out var v) && sim.Random.Next(4) != 0 ? v : sim.Random.Next(4);
            return ZNodeInput.CompareAndSet(key, version, value);
        }
        if (roll < 90) return ZNodeInput.Create(key, value);
        return ZNodeInput.Delete(key, sim.Random.Next(3) == 0 ? sim.Random.Next(3) : ZNodeInput.AnyVersion);
    }

    public void OnAnswer(int seq, ZNodeOutput output, long zxid, byte[] data)
    {
        if (_outstanding is not { } o || o.Seq != seq) return; // too late: already given up on
        sim.History.Complete(o.Handle, sim.Clock.Now, output);
        sim.Acknowledged(zxid, data);
        if (output.Code == ZNodeCode.Ok && o.Op.Input.Kind is ZNodeOpKind.Read or ZNodeOpKind.Write or ZNodeOpKind.CompareAndSet)
            _lastVersion[o.Op.Input.Path] = output.Version;
        sim.Trace.Add($"c{Id}: {o.Op} -> {output} @{Keeper.Consensus.Zxid.Hex(zxid)}");
        LastOutcome = $"answered {output}";
        Done();
    }

    public void OnRefused(int seq, string why)
    {
        if (_outstanding is not { } o || o.Seq != seq) return;
        sim.History.Refuse(o.Handle);
        LastOutcome = "refused";
        Done();
    }

    public void OnConnectionLost(int seq, string why)
    {
        if (_outstanding is not { } o || o.Seq != seq) return;
        sim.Trace.Add($"c{Id}: {o.Op} connection lost (unknown): {why}");
        LastOutcome = "lost";
        Done();
    }

    private void Done()
    {
        _outstanding = null;
        sim.Clock.After(sim.Random.Next(1, 60), Next);
    }
}
