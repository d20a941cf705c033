using Keeper.Core.Requests;
using Keeper.Protocol;
using Keeper.Server.Pipeline;
using Prometheus;

namespace Keeper.Server.Metrics;

/// <summary>
/// The per-request metrics, updated on the sequencer thread: Apache's <c>readlatency</c> and <c>updatelatency</c>
/// summaries (ms; p50/p90/p99 as its PrometheusMetricsProvider exports ADVANCED summaries) and a count per op type,
/// which Apache has no metric for (hence our own name). Each op's counter child is resolved up front, so the hot
/// path is an array index plus prometheus-net's lock-free increment and its summary buffer append.
/// </summary>
internal sealed class RequestMetrics : IRequestObserver
{
    private const int MinOpCode = -16;

    private readonly Summary _readLatency;
    private readonly Summary _updateLatency;
    private readonly Counter.Child?[] _byOp;
    private readonly Counter.Child _otherOp;

    public RequestMetrics(MetricFactory factory)
    {
        var quantiles = new SummaryConfiguration
        {
            Objectives = [new QuantileEpsilonPair(0.5, 0.05), new QuantileEpsilonPair(0.9, 0.01), new QuantileEpsilonPair(0.99, 0.001)],
        };
        _readLatency = factory.CreateSummary("readlatency", "Read request latency in ms", quantiles);
        _updateLatency = factory.CreateSummary("updatelatency", "Write request latency in ms", quantiles);
        var requests = factory.CreateCounter("keeper_requests_total", "Requests answered, by op type", "op");
        var codes = Enum.GetValues<OpCode>();
        _byOp = new Counter.Child?[codes.Max(c => (int)c) - MinOpCode + 1];
        foreach (var code in codes)
        {
            if ((int)code >= MinOpCode) _byOp[(int)code - MinOpCode] = requests.WithLabels(LabelOf(code));
        }

        _otherOp = requests.WithLabels("unknown");
    }

    public void Completed(OpCode op, long latencyMs)
    {
        int index = (int)op - MinOpCode;
        var child = (uint)index < (uint)_byOp.Length ? _byOp[index] : null;
        (child ?? _otherOp).Inc();
        (Request.IsWriteType(op) ? _updateLatency : _readLatency).Observe(latencyMs);
    }

    // getData, create2, ...: Java's camel case, as ZooKeeper's own op names read.
    private static string LabelOf(OpCode code)
    {
        var name = code.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
