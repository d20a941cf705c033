using System.Text;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// A compact record of what happened (faults, roles, syncs, client answers), one line per event with the
/// virtual time. Kept whole so a failing seed can be read from its start; only the tail is printed.
/// The hash over every line lets a test show two runs of one seed are the same run.
/// </summary>
internal sealed class Trace(EventQueue clock)
{
    private readonly List<string> _lines = [];
    private ulong _hash = 14695981039346656037UL;

    public int Count => _lines.Count;

    public ulong Hash => _hash;

    public void Add(string line)
    {
        var text = $"{clock.Now,7} {line}";
        _lines.Add(text);
        foreach (var c in text) _hash = (_hash ^ c) * 1099511628211UL;
    }

    public string Tail(int lines)
    {
        var text = new StringBuilder();
        int start = Math.Max(0, _lines.Count - lines);
        if (start > 0) text.Append("  ... ").Append(start).Append(" earlier lines\n");
        for (int i = start; i < _lines.Count; i++) text.Append("  ").Append(_lines[i]).Append('\n');
        return text.ToString();
    }

    public string All() => Tail(int.MaxValue);
}
