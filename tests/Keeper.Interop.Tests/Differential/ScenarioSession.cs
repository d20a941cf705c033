using System.Collections.Concurrent;
using Keeper.Client;

namespace Keeper.Interop.Tests.Differential;

/// <summary>
/// One client session of the scenario: its label (s1, s2, ...), the client, and the events its
/// watchers received that are not in the transcript yet. Every watcher is a named recorder, cached by
/// name, so the same name is the same delegate (the client's tables compare delegates) and the
/// transcript shows which registration an event reached.
/// </summary>
internal sealed class ScenarioSession
{
    private readonly Dictionary<string, Action<WatchedEvent>> _watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WatchedEvent> _seen = new();
    private readonly ConcurrentQueue<string> _pending = new();

    public ScenarioSession(string label)
    {
        Label = label;
        DefaultWatcher = Recorder("default");
    }

    public string Label { get; }

    public ZooKeeperClient Client { get; set; } = null!;

    /// <summary>The real session id (only the transcript's label is ever printed).</summary>
    public long SessionId { get; set; }

    public Action<WatchedEvent> DefaultWatcher { get; }

    /// <summary>Every event received so far, in order (for bounded waits on state changes).</summary>
    public IReadOnlyCollection<WatchedEvent> Seen => _seen;

    /// <summary>The watcher called <paramref name="name"/> (created on first use).</summary>
    public Action<WatchedEvent> W(string name)
    {
        lock (_watchers)
        {
            if (!_watchers.TryGetValue(name, out var watcher))
            {
                _watchers[name] = watcher = Recorder(name);
            }

            return watcher;
        }
    }

    /// <summary>The events received since the last call, in arrival order (or sorted).</summary>
    public List<string> TakeEvents(bool sort)
    {
        var taken = new List<string>();
        while (_pending.TryDequeue(out var line))
        {
            taken.Add(line);
        }

        if (sort)
        {
            taken.Sort(StringComparer.Ordinal);
        }

        return taken;
    }

    // The transcript line goes in before the event counts as seen: the runner waits on Seen and then takes the
    // pending lines, so the other order let it find the event seen but its line not yet written.
    private Action<WatchedEvent> Recorder(string name) => e =>
    {
        var zxid = e.Zxid == -1 ? "-1" : Transcript.Hex(e.Zxid);
        _pending.Enqueue($"{Label} event [{name}] {e.Type} {Transcript.Path(e.Path)} state={e.State} zxid={zxid}");
        _seen.Enqueue(e);
    };
}
