using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Persistence;

/// <summary>Count, sum, min and max of a series (ZooKeeper's BASIC summary, as mntr prints it). Thread-safe.</summary>
internal sealed class SummaryCounter
{
    private readonly object _lock = new();
    private long _count, _sum, _min = long.MaxValue, _max = long.MinValue;

    /// <summary>Also told every value (the metrics endpoint); set once before the series starts.</summary>
    public Action<long>? Observer { get; set; }

    public void Add(long value)
    {
        Observer?.Invoke(value);
        lock (_lock)
        {
            _count++;
            _sum += value;
            if (value < _min) _min = value;
            if (value > _max) _max = value;
        }
    }

    public SummaryValue Read()
    {
        lock (_lock) return _count == 0 ? SummaryValue.Empty : new SummaryValue(_count, _sum, _min, _max);
    }
}
