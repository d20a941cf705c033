using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace Keeper.Bench;

/// <summary>Prints the results as a table and writes them as JSON (Utf8JsonWriter: no reflection, so NativeAOT-safe).</summary>
internal static class Report
{
    private static readonly (string Name, double Percentile)[] Percentiles =
        [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9)];

    public static void PrintLoad(TextWriter output, BenchOptions o, double setupSeconds, LoadResult r)
    {
        output.WriteLine(Inv($"keeper bench: {o.Connect} sessions={o.Sessions} outstanding={o.Outstanding} payload={o.Payload}B mix={o.Mix} ") +
            (r.OpenLoop ? Inv($"open loop {o.Rate}/s") : "closed loop") + Inv($"; setup {setupSeconds:F2}s; measured {r.MeasuredSeconds:F2}s"));
        output.WriteLine(Inv($"{"op",-9}{"count",10}{"ops/s",11}{"p50 ms",9}{"p90 ms",9}{"p99 ms",9}{"p99.9 ms",10}{"max ms",9}  errors"));
        foreach (var op in o.Mix.Ops) Row(output, OpMix.Name(op), r.Recorder.Latency(op), r.Recorder.Errors(op), r.MeasuredSeconds);
        Row(output, "total", r.Recorder.Total(), new Dictionary<string, long> { ["all"] = r.Recorder.TotalErrors }, r.MeasuredSeconds);
        if (r.Unfinished > 0) output.WriteLine($"{r.Unfinished} ops still unanswered at the deadline");
    }

    private static void Row(TextWriter output, string name, HistogramBase h, IReadOnlyDictionary<string, long> errors, double seconds)
    {
        var line = Inv($"{name,-9}{h.TotalCount,10}{h.TotalCount / seconds,11:F0}");
        foreach (var (_, p) in Percentiles) line += Ms(h, p).ToString("F3", CultureInfo.InvariantCulture).PadLeft(p == 99.9 ? 10 : 9);
        line += Inv($"{h.GetMaxValue() / 1000.0,9:F3}  ");
        line += string.Join(' ', errors.Where(e => e.Value > 0).Select(e => $"{e.Key}={e.Value}"));
        output.WriteLine(line);
    }

    private static double Ms(HistogramBase h, double p) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(p) / 1000.0;

    public static void PrintFanout(TextWriter output, BenchOptions o, FanoutResult f)
    {
        output.WriteLine(Inv($"keeper bench --fanout: {o.Connect} {f.Watchers} watchers, {f.AllArrivedMicros.Count} rounds"));
        for (int i = 0; i < f.AllArrivedMicros.Count; i++)
            output.WriteLine(Inv($"round {i + 1}: set answered in {f.SetReplyMicros[i] / 1000:F3} ms, all events in {f.AllArrivedMicros[i] / 1000:F3} ms"));
        output.WriteLine(Inv($"events: {f.EventMicros.TotalCount}, missing {f.Missing}; p50 {Ms(f.EventMicros, 50):F3} ms, p99 {Ms(f.EventMicros, 99):F3} ms, max {f.EventMicros.GetMaxValue() / 1000.0:F3} ms"));
    }

    public static void WriteJson(string file, BenchOptions o, double setupSeconds, LoadResult? load, FanoutResult? fanout)
    {
        using var stream = File.Create(file);
        using var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        j.WriteStartObject();
        j.WriteStartObject("config");
        j.WriteString("connect", o.Connect);
        j.WriteNumber("sessions", o.Sessions);
        j.WriteNumber("outstanding", o.Outstanding);
        j.WriteNumber("payload", o.Payload);
        j.WriteString("mix", o.Mix.ToString());
        j.WriteString("mode", o.Fanout ? "fanout" : o.Rate > 0 ? "open" : "closed");
        j.WriteNumber("rate", o.Rate);
        j.WriteNumber("duration_s", o.DurationSeconds);
        j.WriteNumber("count", o.Count);
        j.WriteNumber("warmup_s", o.WarmupSeconds);
        j.WriteNumber("setup_nodes", o.SetupNodes);
        j.WriteNumber("children", o.Children);
        j.WriteEndObject();
        j.WriteNumber("setup_s", setupSeconds);
        if (load is not null)
        {
            j.WriteNumber("measured_s", load.MeasuredSeconds);
            j.WriteNumber("unfinished", load.Unfinished);
            j.WriteNumber("answered_including_warmup", load.AllAnswered);
            j.WriteStartArray("ops");
            foreach (var op in o.Mix.Ops) OpJson(j, OpMix.Name(op), load.Recorder.Latency(op), load.Recorder.Errors(op), load.MeasuredSeconds);
            j.WriteEndArray();
            OpJson(j, "total", load.Recorder.Total(), new Dictionary<string, long>(), load.MeasuredSeconds, "total");
        }
        if (fanout is not null)
        {
            j.WriteStartObject("fanout");
            j.WriteNumber("watchers", fanout.Watchers);
            j.WriteNumber("missing", fanout.Missing);
            j.WriteStartArray("all_arrived_us");
            foreach (var v in fanout.AllArrivedMicros) j.WriteNumberValue(v);
            j.WriteEndArray();
            j.WriteNumber("all_arrived_median_us", Median(fanout.AllArrivedMicros));
            j.WriteStartArray("set_reply_us");
            foreach (var v in fanout.SetReplyMicros) j.WriteNumberValue(v);
            j.WriteEndArray();
            Latencies(j, fanout.EventMicros);
            j.WriteEndObject();
        }
        j.WriteEndObject();
    }

    private static void OpJson(Utf8JsonWriter j, string name, HistogramBase h, IReadOnlyDictionary<string, long> errors, double seconds,
        string? property = null)
    {
        if (property is null) j.WriteStartObject(); else j.WriteStartObject(property);
        j.WriteString("op", name);
        j.WriteNumber("count", h.TotalCount);
        j.WriteNumber("ops_per_s", h.TotalCount / seconds);
        Latencies(j, h);
        j.WriteStartObject("errors");
        foreach (var (code, n) in errors) j.WriteNumber(code, n);
        j.WriteEndObject();
        j.WriteEndObject();
    }

    private static void Latencies(Utf8JsonWriter j, HistogramBase h)
    {
        foreach (var (name, p) in Percentiles) j.WriteNumber(name + "_us", h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(p));
        j.WriteNumber("max_us", h.TotalCount == 0 ? 0 : h.GetMaxValue());
        j.WriteNumber("mean_us", h.TotalCount == 0 ? 0 : h.GetMean());
    }

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
