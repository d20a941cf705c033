using System.Globalization;

namespace Keeper.Bench;

internal enum BenchOp { Create, Set, Get, Exists, Children, Delete, Multi }

/// <summary>Weighted op choice, e.g. "create:30,set:20,get:40,exists:5,children:5".</summary>
internal sealed class OpMix
{
    public static readonly string[] Names = ["create", "set", "get", "exists", "children", "delete", "multi"];

    private readonly int[] _weights;
    private readonly int _total;

    private OpMix(int[] weights)
    {
        _weights = weights;
        _total = weights.Sum();
    }

    /// <summary>The ops with a non-zero weight, in enum order.</summary>
    public IEnumerable<BenchOp> Ops => Enumerable.Range(0, _weights.Length).Where(i => _weights[i] > 0).Select(i => (BenchOp)i);

    public bool Needs(BenchOp op) => _weights[(int)op] > 0;

    public bool NeedsDataNodes => Needs(BenchOp.Set) || Needs(BenchOp.Get) || Needs(BenchOp.Exists) || Needs(BenchOp.Multi);

    public override string ToString() => string.Join(',', Ops.Select(op => $"{Name(op)}:{_weights[(int)op]}"));

    public static string Name(BenchOp op) => Names[(int)op];

    public BenchOp Pick(Random random)
    {
        int x = random.Next(_total);
        for (int i = 0; i < _weights.Length; i++)
        {
            if (x < _weights[i]) return (BenchOp)i;
            x -= _weights[i];
        }
        return (BenchOp)(_weights.Length - 1); // not reached: x < _total
    }

    public static OpMix Parse(string text)
    {
        var weights = new int[Names.Length];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split(':');
            int at = Array.IndexOf(Names, kv[0]);
            if (at < 0) throw new FormatException($"--mix: unknown op '{kv[0]}' (one of {string.Join(", ", Names)})");
            int w = 1;
            if (kv.Length > 2 || (kv.Length == 2 && (!int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out w) || w > 1_000_000)))
                throw new FormatException($"--mix: '{part}' is not op:weight");
            weights[at] += w;
        }
        if (weights.Sum() == 0) throw new FormatException("--mix has no op with a weight above 0");
        return new OpMix(weights);
    }
}
