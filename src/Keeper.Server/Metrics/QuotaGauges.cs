using Keeper.Core.Quotas;
using Keeper.Server.Hosting;
using Prometheus;

namespace Keeper.Server.Metrics;

/// <summary>What the quota metrics read from the tree, taken on the sequencer thread.</summary>
internal sealed record QuotaSample(
    Dictionary<(string Metric, string Namespace), long> Gauges, IReadOnlyDictionary<string, long> Exceeded);

/// <summary>
/// Apache's per-namespace quota gauge sets and its quota_exceeded_error_per_namespace counter set, labelled
/// <c>key="&lt;namespace&gt;"</c> as its Prometheus provider labels them. A namespace whose quota is gone is dropped.
/// </summary>
internal sealed class QuotaGauges(MetricFactory factory)
{
    private static readonly GaugeConfiguration ByKey = new() { LabelNames = ["key"] };

    private readonly Dictionary<string, Gauge> _gauges = new(StringComparer.Ordinal)
    {
        [QuotaMetrics.CountLimit] = factory.CreateGauge(QuotaMetrics.CountLimit, "Count quota per top-level namespace", ByKey),
        [QuotaMetrics.BytesLimit] = factory.CreateGauge(QuotaMetrics.BytesLimit, "Bytes quota per top-level namespace", ByKey),
        [QuotaMetrics.CountUsage] = factory.CreateGauge(QuotaMetrics.CountUsage, "Nodes under quota per top-level namespace", ByKey),
        [QuotaMetrics.BytesUsage] = factory.CreateGauge(QuotaMetrics.BytesUsage, "Bytes under quota per top-level namespace", ByKey),
    };

    private readonly Counter _exceeded = factory.CreateCounter(QuotaMetrics.ExceededErrors, "Writes refused by a hard quota per top-level namespace",
        new CounterConfiguration { LabelNames = ["key"] });

    /// <summary>Runs on the sequencer thread.</summary>
    public static QuotaSample Sample(KeeperServer server)
    {
        var state = server.Sequencer.State;
        return new QuotaSample(QuotaMetrics.Collect(state.Tree), state.QuotaExceededByNamespace.ToDictionary(e => e.Key, e => e.Value));
    }

    public void Set(QuotaSample sample)
    {
        foreach (var (metric, gauge) in _gauges)
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList())
            {
                if (!sample.Gauges.ContainsKey((metric, labels[0]))) gauge.RemoveLabelled(labels);
            }
        }
        foreach (var ((metric, ns), value) in sample.Gauges) _gauges[metric].WithLabels(ns).Set(value);
        foreach (var (ns, count) in sample.Exceeded) _exceeded.WithLabels(ns).IncTo(count);
    }
}
