using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Keeper.TestSupport;

/// <summary>
/// An ensemble of our servers on loopback addresses 127.0.0.2.., each with its own data dir, started as
/// child processes with one shared server list. Tests start, kill and restart members and ask who leads.
/// </summary>
public sealed class Ensemble : IAsyncDisposable
{
    private readonly string _root;

    private Ensemble(string root, IReadOnlyList<EnsembleMember> members, IDictionary<string, string>? extra)
    {
        _root = root;
        Members = members;
        var lines = new StringBuilder();
        foreach (var member in members)
        {
            var config = new Dictionary<string, string>
            {
                ["initLimit"] = "10",
                ["syncLimit"] = "5",
                ["clientPortAddress"] = member.Address.ToString(),
            };
            if (extra is not null) foreach (var (k, v) in extra) config[k] = v;
            if (member.IsObserver) config["peerType"] = "observer";
            var text = new StringBuilder(ZooCfg.Render(member.ClientPort, member.DataDir, config));
            foreach (var m in members) text.Append(m.ServerLine).Append('\n');
            File.WriteAllText(member.ConfigPath, text.ToString());
        }
    }

    public IReadOnlyList<EnsembleMember> Members { get; }

    /// <summary>Every member's client address, for a client that should fail over between them.</summary>
    public string ConnectString => string.Join(",", Members.Select(m => m.ConnectString));

    public EnsembleMember this[long id] => Members.Single(m => m.Id == id);

    /// <summary>
    /// Lays out <paramref name="size"/> members (ids 1..size); <paramref name="extra"/> is added to every zoo.cfg
    /// (tickTime 2000 by default; tests usually shorten it).
    /// </summary>
    public static Ensemble Create(int size, IDictionary<string, string>? extra = null) =>
        Create(Enumerable.Repeat(ServerKinds.Keeper, size).ToArray(), extra);

    /// <summary>One member per entry of <paramref name="kinds"/> (ids 1..n): ours, or Apache ZooKeeper 3.8 for a mixed ensemble.</summary>
    /// <param name="jvmFlags">Java system properties every member starts with (see <see cref="EnsembleMember.JvmFlags"/>).</param>
    public static Ensemble Create(string[] kinds, IDictionary<string, string>? extra = null, long[]? observers = null,
        IReadOnlyList<string>? jvmFlags = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"keeper-ensemble-{Guid.NewGuid():N}"[..40]);
        var members = new List<EnsembleMember>();
        for (int i = 0; i < kinds.Length; i++)
        {
            long id = i + 1;
            members.Add(new EnsembleMember(id, kinds[i], Path.Combine(root, "server" + id.ToString(CultureInfo.InvariantCulture)),
                FreePort.Next(), FreePort.Next(), FreePort.Next()) { IsObserver = observers?.Contains(id) == true, JvmFlags = jvmFlags ?? [] });
        }
        return new Ensemble(root, members, extra);
    }

    public void StartAll()
    {
        foreach (var member in Members) member.Start();
    }

    /// <summary>Waits until one running member leads and every other running member follows it (bounded).</summary>
    public async Task<EnsembleMember> WaitForQuorumAsync(TimeSpan timeout, int? serving = null)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < timeout)
        {
            var running = Members.Where(m => m.IsRunning).ToList();
            var modes = new List<(EnsembleMember Member, string? Mode)>();
            foreach (var m in running) modes.Add((m, await m.ModeAsync()));
            last = string.Join(", ", modes.Select(x => $"{x.Member.Id}={x.Mode ?? "not serving"}"));
            var leaders = modes.Where(x => x.Mode == "leader").ToList();
            int expected = serving ?? running.Count;
            if (leaders.Count == 1 && modes.Count(x => x.Mode is "leader" or "follower" or "observer") >= expected)
                return leaders[0].Member;
            await Task.Delay(200);
        }
        throw new TimeoutException($"no quorum after {timeout}: {last}\n{Diagnostics()}");
    }

    /// <summary>The last lines of every member's output, for failure messages.</summary>
    public string Diagnostics(int lines = 40)
    {
        var sb = new StringBuilder();
        foreach (var m in Members)
        {
            sb.Append("--- server ").Append(m.Id).Append(m.IsRunning ? " (running)" : " (stopped)").Append('\n');
            var text = File.Exists(m.OutputFile) ? File.ReadAllLines(m.OutputFile) : [];
            // The srvr polls of WaitForQuorumAsync would fill the tail and hide what the member was doing.
            foreach (var line in text.Where(l => !l.Contains("Processing srvr command", StringComparison.Ordinal)).TakeLast(lines))
                sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members) await member.DisposeAsync();
        if (Environment.GetEnvironmentVariable("KEEPER_TEST_KEEP_DIRS") == "1") return;
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
