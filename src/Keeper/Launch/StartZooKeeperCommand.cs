using System.Collections;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Keeper.Commands;
using Keeper.Server.Logging;

namespace Keeper.Launch;

/// <summary>
/// <c>keeper start-zookeeper [OPTIONS]</c>: the tutorial image's start script. Writes zoo.cfg, myid and
/// log4j.properties, creates the directories, applies --heap as the GC's hard heap limit, then runs the server in
/// this same process (so the container's entry process is the server and ends with it).
/// </summary>
/// <remarks>
/// Host name and domain come from KEEPER_HOSTNAME / KEEPER_DOMAIN when set (tests), else from the machine:
/// the short host name (<c>hostname -s</c>) and the part of the FQDN after it (<c>hostname -d</c>).
/// --heap: the GC reads <c>DOTNET_GCHeapHardLimit</c> only at runtime start, so when it is not already set to the
/// requested size we set it and replace this process with a fresh copy of itself via execve(2) (same PID, same
/// argv). KEEPER_HEAP_LIMIT=off skips that (the limit is then not enforced).
/// </remarks>
internal static class StartZooKeeperCommand
{
    private const string HeapEnv = "DOTNET_GCHeapHardLimit";

    public static async Task<int> RunAsync(string[] args)
    {
        StartOptions? options;
        try
        {
            options = StartArguments.Parse(args, ReadEnvironment());
        }
        catch (StartArguments.UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            if (e.PrintUsage)
            {
                Console.Error.Write(StartArguments.Usage);
            }

            return 1;
        }

        if (options is null)
        {
            Console.Out.Write(StartArguments.Usage);
            return 0;
        }

        if (!options.ConfigOnly)
        {
            ApplyHeapLimit(options); // re-execs this process when needed, before anything is written
        }

        var host = Environment.GetEnvironmentVariable("KEEPER_HOSTNAME") is { Length: > 0 } h ? h : ShortHostName();
        var domain = Environment.GetEnvironmentVariable("KEEPER_DOMAIN") is { } d ? d : DomainName(host);
        long? myId = null;
        string name = host;
        if (StartArguments.TryParseHost(host, out var parsedName, out var ordinal))
        {
            name = parsedName;
            myId = ordinal + 1L;
        }
        else if (options.Servers > 1)
        {
            Console.Error.WriteLine($"Failed to parse name and ordinal of Pod from host name '{host}' (expected name-ordinal, e.g. zk-0)");
            return 1;
        }

        if (options.Servers > 1 && myId > options.Servers)
        {
            Console.Error.WriteLine($"Host {host} has ordinal {ordinal}, but --servers={options.Servers} (myid {myId} is not in the ensemble)");
            return 1;
        }

        var zooCfg = StartArguments.RenderZooCfg(options, name, domain);
        try
        {
            foreach (var dir in new[] { options.DataDir, options.DataLogDir, options.LogDir, options.ConfDir })
            {
                Directory.CreateDirectory(dir);
            }

            if (options.Servers > 1 && !File.Exists(options.MyIdPath))
            {
                File.WriteAllText(options.MyIdPath, myId!.Value.ToString(CultureInfo.InvariantCulture) + "\n");
            }

            File.WriteAllText(options.ConfigPath, zooCfg);
            File.WriteAllText(options.Log4jPath, Log4jProperties.Render(options.LogLevel));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"start-zookeeper: {e.Message}");
            return 1;
        }

        // As the script did (cat $CONFIG_FILE >&2): the generated config goes to the container's log.
        Console.Error.Write(zooCfg);
        Console.Error.Flush();
        if (options.ConfigOnly)
        {
            return 0;
        }

        Log.Configure(options.LogLevel, options.Servers > 1 ? myId : null);
        var log = Log.For(typeof(StartZooKeeperCommand));
        var limit = Environment.GetEnvironmentVariable(HeapEnv);
        log.Info(limit is { Length: > 0 }
            ? $"Heap limit {options.Heap} ({HeapEnv}=0x{limit}; GC reports {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes} bytes available)"
            : $"Heap limit {options.Heap} not enforced (KEEPER_HEAP_LIMIT=off or re-exec unavailable)");
        return await ServerCommand.RunAsync([options.ConfigPath]).ConfigureAwait(false);
    }

    private static Dictionary<string, string> ReadEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && e.Value is string v)
            {
                env[k] = v;
            }
        }

        return env;
    }

    private static string ShortHostName()
    {
        var name = Dns.GetHostName();
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }

    /// <summary><c>hostname -d</c>: the FQDN (resolved from the host name, as /etc/hosts in a pod gives it) minus the first label.</summary>
    private static string DomainName(string shortHost)
    {
        try
        {
            var full = Dns.GetHostName();
            if (full.Contains('.', StringComparison.Ordinal))
            {
                return full[(full.IndexOf('.', StringComparison.Ordinal) + 1)..];
            }

            var entry = Dns.GetHostEntry(full);
            foreach (var candidate in new[] { entry.HostName }.Concat(entry.Aliases))
            {
                if (candidate.StartsWith(shortHost + ".", StringComparison.OrdinalIgnoreCase))
                {
                    return candidate[(shortHost.Length + 1)..];
                }
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            // No resolvable FQDN: like `hostname -d`, an empty domain.
        }

        return "";
    }

    /// <summary>
    /// Makes --heap the GC's hard limit. The runtime reads DOTNET_GCHeapHardLimit (hex bytes) only when it starts,
    /// so if it is not already what we want we set it and execve(2) ourselves: same PID, same argv, no child.
    /// </summary>
    private static void ApplyHeapLimit(StartOptions options)
    {
        var wanted = options.HeapBytes.ToString("x", CultureInfo.InvariantCulture);
        var current = Environment.GetEnvironmentVariable(HeapEnv);
        if (string.Equals(current, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Environment.GetEnvironmentVariable("KEEPER_HEAP_LIMIT"), "off", StringComparison.OrdinalIgnoreCase)
            || Environment.GetEnvironmentVariable("KEEPER_HEAP_REEXEC") == "1"
            || !OperatingSystem.IsLinux())
        {
            return;
        }

        string[] argv;
        try
        {
            argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }

        var env = new List<string?>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && k != HeapEnv && k != "KEEPER_HEAP_REEXEC")
            {
                env.Add($"{k}={e.Value}");
            }
        }

        env.Add($"{HeapEnv}={wanted}");
        env.Add("KEEPER_HEAP_REEXEC=1"); // never loop, even if the runtime ignored the variable
        env.Add(null);
        var argvZ = argv.Cast<string?>().Append(null).ToArray();
        Console.Out.Flush();
        Console.Error.Flush();
        string reason;
        try
        {
            // The real path, not /proc/self/exe: the process keeps its name (`keeper`), so `pkill keeper`
            // and `ps` find it as the tutorial expects.
            _ = Execve(Environment.ProcessPath ?? "/proc/self/exe", argvZ, env.ToArray());
            reason = $"errno {Marshal.GetLastPInvokeError()}";
        }
        catch (Exception e) when (e is MarshalDirectiveException or DllNotFoundException or EntryPointNotFoundException)
        {
            reason = e.Message;
        }

        // Only reached when execve failed: run without the limit.
        Console.Error.WriteLine($"start-zookeeper: could not re-exec to apply --heap={options.Heap} ({reason}); running without a heap limit");
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
#pragma warning disable CA2101 // LPStr is UTF-8 on Unix, which is what we want
    private static extern int Execve(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
#pragma warning restore CA2101
}
