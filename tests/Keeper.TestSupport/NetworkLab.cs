using System.Globalization;
using System.Net;

namespace Keeper.TestSupport;

/// <summary>
/// Hosts of our own for tests that cut the network: one network namespace per host, joined by a bridge that
/// lives in a namespace of its own, with addresses 10.231.0.N that exist only inside these namespaces. Cuts
/// are iptables rules inside a host's namespace. Needs root; <see cref="DisposeAsync"/> removes every namespace
/// (and with them their links and rules).
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _namespaces = [];

    private NetworkLab() { }

    public string Bridge => $"kb{_tag}";

    /// <summary>The namespace of host <paramref name="n"/> (1-based).</summary>
    public string Namespace(int n) => $"kh{_tag}{n}";

    public static IPAddress Address(int n) => IPAddress.Parse($"10.231.0.{n}");

    public static async Task<NetworkLab> CreateAsync(int hosts)
    {
        var lab = new NetworkLab();
        try
        {
            await lab.IpAsync("netns", "add", lab.Bridge);
            lab._namespaces.Add(lab.Bridge);
            await lab.InAsync(lab.Bridge, "ip", "link", "add", "br0", "type", "bridge");
            await lab.InAsync(lab.Bridge, "ip", "link", "set", "br0", "up");
            for (int n = 1; n <= hosts; n++)
            {
                string ns = lab.Namespace(n), host = $"kv{lab._tag}{n}", peer = $"kp{lab._tag}{n}";
                await lab.IpAsync("netns", "add", ns);
                lab._namespaces.Add(ns);
                await lab.IpAsync("link", "add", host, "type", "veth", "peer", "name", peer);
                await lab.IpAsync("link", "set", host, "netns", ns);
                await lab.IpAsync("link", "set", peer, "netns", lab.Bridge);
                await lab.InAsync(lab.Bridge, "ip", "link", "set", peer, "master", "br0");
                await lab.InAsync(lab.Bridge, "ip", "link", "set", peer, "up");
                await lab.InAsync(ns, "ip", "addr", "add", $"{Address(n)}/24", "dev", host);
                await lab.InAsync(ns, "ip", "link", "set", host, "up");
                await lab.InAsync(ns, "ip", "link", "set", "lo", "up");
            }
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Host <paramref name="n"/> hears and says nothing on the lab network (its loopback still works).</summary>
    public async Task CutAsync(int n)
    {
        await InAsync(Namespace(n), "iptables", "-A", "INPUT", "!", "-i", "lo", "-j", "DROP");
        await InAsync(Namespace(n), "iptables", "-A", "OUTPUT", "!", "-o", "lo", "-j", "DROP");
    }

    public Task HealAsync(int n) => InAsync(Namespace(n), "iptables", "-F");

    /// <summary>Runs a command inside host <paramref name="n"/>'s namespace and returns its output (bounded).</summary>
    public async Task<ProcessResult> RunInAsync(int n, TimeSpan timeout, string file, params string[] args)
    {
        var all = new List<string> { "netns", "exec", Namespace(n), file };
        all.AddRange(args);
        return await Run("ip", all, timeout);
    }

    /// <summary>Starts a long-running process inside host <paramref name="n"/>'s namespace (ip netns exec execs it: same PID).</summary>
    public ChildProcess StartIn(int n, string file, IEnumerable<string> args, string workingDirectory, string logFile)
    {
        var all = new List<string> { "netns", "exec", Namespace(n), file };
        all.AddRange(args);
        return ChildProcess.Start("ip", all,
            new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            workingDirectory, logFile);
    }

    private Task IpAsync(params string[] args) => Must("ip", args);

    private Task InAsync(string ns, string file, params string[] args)
    {
        var all = new List<string> { "netns", "exec", ns, file };
        all.AddRange(args);
        return Must("ip", all.ToArray());
    }

    private static async Task Must(string file, string[] args)
    {
        var result = await Run(file, args, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.StdErr}{result.StdOut}");
    }

    private static Task<ProcessResult> Run(string file, IEnumerable<string> args, TimeSpan timeout) =>
        Tools.RunAsync(file, args, timeout: timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            var result = await Run("ip", ["netns", "delete", ns], TimeSpan.FromSeconds(20));
            if (result.ExitCode != 0) System.Diagnostics.Trace.WriteLine($"ip netns delete {ns}: {result.StdErr}");
        }
        _namespaces.Clear();
    }
}
