using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Keeper.TestSupport;

/// <summary>
/// What Apache ZooKeeper and our server have in common as test servers: a private temporary
/// directory holding zoo.cfg, the data dir and the logs; a free 127.0.0.1 port; a child process
/// killed by PID; a bounded wait until <c>ruok</c> answers <c>imok</c> and <c>srvr</c> works.
/// </summary>
public abstract class TestServer : ITestServer
{
    /// <summary>How long a start may take before it is reported as failed.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private const int BindAttempts = 3;

    private readonly IDictionary<string, string>? _extraConfig;
    private ChildProcess? _process;
    private string _lastCommand = "(not started)";
    private int _starts;

    protected TestServer(string name, IDictionary<string, string>? extraConfig, string[]? jvmProperties)
    {
        Name = name;
        _extraConfig = extraConfig;
        JvmProperties = jvmProperties ?? [];
        RootDir = Path.Combine(Path.GetTempPath(), $"keeper-test-{name}-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(RootDir);
        DataDir = Path.Combine(RootDir, "data");
        Directory.CreateDirectory(DataDir);
        ConfDir = Path.Combine(RootDir, "conf");
        Directory.CreateDirectory(ConfDir);
        ConfigPath = Path.Combine(ConfDir, "zoo.cfg");
        OutputFile = Path.Combine(RootDir, "process.out");
    }

    public string Name { get; }

    public int Port { get; private set; }

    public string ConnectString => $"127.0.0.1:{Port}";

    public string DataDir { get; }

    /// <summary>The private directory (deleted on dispose unless KEEPER_TEST_KEEP_DIRS=1).</summary>
    public string RootDir { get; }

    public string ConfDir { get; }

    public string ConfigPath { get; }

    /// <summary>Everything the process wrote to stdout and stderr, across restarts.</summary>
    public string OutputFile { get; }

    /// <summary>The server's own log file, when it writes one.</summary>
    public abstract string? LogFile { get; }

    /// <summary>JVM system properties (name=value) the server was started with.</summary>
    public IReadOnlyList<string> JvmProperties { get; }

    /// <summary>The PID of the running server process, or null when it is stopped.</summary>
    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    /// <summary>The zoo.cfg text in use.</summary>
    public string Config => File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : "";

    /// <summary>What the current process has written so far.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Output, zoo.cfg and the log's tail, for failure messages.</summary>
    public string Diagnostics()
    {
        var sb = new StringBuilder();
        sb.Append($"--- {Name} server at {ConnectString}, dir {RootDir} ---\n");
        sb.Append("--- command ---\n").Append(_lastCommand).Append('\n');
        sb.Append("--- zoo.cfg ---\n").Append(Config);
        sb.Append("--- output (tail) ---\n").Append(Tail(File.Exists(OutputFile) ? File.ReadAllText(OutputFile) : Output, 60));
        if (LogFile is not null && File.Exists(LogFile))
        {
            sb.Append("\n--- log (tail) ---\n").Append(Tail(File.ReadAllText(LogFile), 60));
        }

        return sb.ToString();
    }

    /// <summary>Stops the process (kill by PID) and starts it again on the same dir and port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAndWaitAsync(keepPort: true);
    }

    /// <summary>Kills the server process (like a crash: no clean shutdown).</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Environment.GetEnvironmentVariable("KEEPER_TEST_KEEP_DIRS") != "1")
        {
            try
            {
                Directory.Delete(RootDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The program and arguments that run the server on <see cref="ConfigPath"/>.</summary>
    protected abstract (string File, IReadOnlyList<string> Args) Command();

    /// <summary>Writes files the server needs besides zoo.cfg (e.g. a logging config).</summary>
    protected virtual void PrepareFiles()
    {
    }

    /// <summary>Starts the server on a free port and waits until it serves (bounded).</summary>
    protected async Task LaunchAsync()
    {
        PrepareFiles();
        await LaunchAndWaitAsync(keepPort: false);
    }

    private async Task LaunchAndWaitAsync(bool keepPort)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!keepPort || Port == 0)
            {
                Port = FreePort.Next();
            }

            File.WriteAllText(ConfigPath, ZooCfg.Render(Port, DataDir, _extraConfig));
            var (file, args) = Command();
            _starts++;
            File.AppendAllText(OutputFile, $"=== start {_starts}: {file} {string.Join(' ', args)}\n");
            _process = ChildProcess.Start(file, args, ProcessEnvironment(), RootDir, OutputFile);
            _lastCommand = _process.Command;
            var failure = await WaitUntilServingAsync(_process);
            if (failure is null)
            {
                return;
            }

            var bindFailed = LooksLikeBindFailure();
            await StopAsync();
            if (bindFailed && !keepPort && attempt < BindAttempts)
            {
                continue; // someone else took the port between FreePort.Next() and the bind
            }

            throw new ServerStartException($"{Name} server did not start: {failure}\n{Diagnostics()}");
        }
    }

    /// <summary>Environment variables for the server process (none by default).</summary>
    protected virtual IDictionary<string, string>? ProcessEnvironment() => null;

    private async Task<string?> WaitUntilServingAsync(ChildProcess process)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return $"the process exited with code {process.ExitCode} after {clock.ElapsedMilliseconds} ms";
            }

            try
            {
                var ruok = await FourLetterWords.SendAsync(Port, "ruok", TimeSpan.FromSeconds(2));
                var ruokOk = ruok == "imok" || ruok.Contains("is not executed because it is not in the whitelist", StringComparison.Ordinal);
                if (ruokOk)
                {
                    var srvr = await FourLetterWords.SendAsync(Port, "srvr", TimeSpan.FromSeconds(2));
                    if (srvr.StartsWith("Zookeeper version:", StringComparison.Ordinal) && srvr.Contains("Mode: ", StringComparison.Ordinal))
                    {
                        return null;
                    }

                    last = $"srvr answered '{srvr}'";
                }
                else
                {
                    last = $"ruok answered '{ruok}'";
                }
            }
            catch (SocketException e)
            {
                last = $"connect: {e.SocketErrorCode}";
            }
            catch (TimeoutException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        return $"not serving after {StartTimeout.TotalSeconds} s (last: {last})";
    }

    private bool LooksLikeBindFailure()
    {
        var text = (File.Exists(OutputFile) ? File.ReadAllText(OutputFile) : "")
            + (LogFile is not null && File.Exists(LogFile) ? File.ReadAllText(LogFile) : "");
        return text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
