using System.Globalization;
using Keeper.Client;
using Keeper.Protocol;

namespace Keeper.Cli;

/// <summary>
/// <c>keeper cli</c>: Apache ZooKeeper's zkCli.sh (ZooKeeperMain, 3.8) on our async client. With a command
/// it runs it once and exits without closing the session (as zkCli.sh does); without one it reads
/// commands from stdin, one per line.
/// </summary>
public static class CliCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var shell = new CliShell(Console.Out, Console.Error);
        return await shell.RunAsync(args).ConfigureAwait(false);
    }
}

/// <summary>The shell's state: options, the client, history, the exit code of the last command.</summary>
internal sealed partial class CliShell(TextWriter stdout, TextWriter stderr)
{
    private readonly object _outputLock = new();
    private readonly Dictionary<int, string> _history = [];
    private string _server = "localhost:2181";
    private int _timeoutMs = 30_000;
    private bool _readOnly;
    private string? _command;
    private List<string> _commandArgs = [];
    private int _commandCount;
    private bool _printWatches = true;
    private int _exitCode;
    private ZooKeeperClient? _zk;
    private bool _gaveUp;
    private string _host = "";
    private TaskCompletionSource? _connectedPrinted;

    public TextWriter Out => stdout;

    public TextWriter Err => stderr;

    public async Task<int> RunAsync(string[] args)
    {
        if (!ParseOptions(args)) return 1;
        Out.WriteLine("Connecting to " + _server);
        Out.Flush();
        await ConnectAsync(_server).ConfigureAwait(false);

        if (_command is null)
        {
            await InteractiveAsync().ConfigureAwait(false);
        }
        else if (_zk is null)
        {
            // zkCli.sh would go on trying; we gave up after -timeout ms (the message is on stderr).
            _exitCode = 1;
        }
        else
        {
            await ProcessAsync(_commandArgs).ConfigureAwait(false);
        }

        Out.Flush();
        Err.Flush();
        // As zkCli.sh (System.exit): the session is not closed; the server expires it.
        return _exitCode;
    }

    /// <summary>ZooKeeperMain.MyCommandOptions.parseOptions: options, then the command and its words.</summary>
    private bool ParseOptions(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            var opt = args[i];
            string? Next()
            {
                if (i + 1 < args.Length) return args[++i];
                Err.WriteLine("Error: no argument found for option " + opt);
                return null;
            }

            switch (opt)
            {
                case "-server":
                    var server = Next();
                    if (server is null) return false;
                    _server = server;
                    continue;
                case "-timeout":
                    var timeout = Next();
                    if (timeout is null) return false;
                    if (!int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out _timeoutMs) || _timeoutMs <= 0)
                    {
                        Err.WriteLine("Error: -timeout needs a positive number of milliseconds, not " + timeout);
                        return false;
                    }

                    continue;
                case "-r":
                    _readOnly = true;
                    continue;
                case "-waitforconnection":
                    // We always wait for the connection (zkCli.sh races the command against it without this).
                    continue;
                case "-client-configuration":
                    if (Next() is null) return false;
                    continue;
            }

            if (!opt.StartsWith('-'))
            {
                _command = opt;
                _commandArgs = [.. args[i..]];
                return true;
            }
        }

        return true;
    }

    private async Task ConnectAsync(string host)
    {
        if (_zk is not null && IsAlive(_zk.State))
        {
            await _zk.CloseAsync().ConfigureAwait(false);
        }

        _host = host;
        _zk = null;
        _gaveUp = false;
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connectedPrinted = printed;
        try
        {
            _zk = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
            {
                ConnectString = host,
                SessionTimeoutMs = _timeoutMs,
                ConnectTimeout = TimeSpan.FromMilliseconds(_timeoutMs),
                CanBeReadOnly = _readOnly,
                DefaultWatcher = OnWatchedEvent,
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or KeeperException or ArgumentException or IOException
                                      or System.Net.Sockets.SocketException)
        {
            _gaveUp = true;
            Err.WriteLine(e is TimeoutException
                ? $"Unable to connect to {host} within {_timeoutMs} ms"
                : e.Message);
            return;
        }

        // The SyncConnected event is printed by the watcher; wait (bounded) so it precedes the command's output.
        await Task.WhenAny(printed.Task, Task.Delay(2000)).ConfigureAwait(false);
    }

    /// <summary>ZooKeeperMain.MyWatcher: every event of the default watcher, when printwatches is on.</summary>
    private void OnWatchedEvent(WatchedEvent e)
    {
        if (_printWatches)
        {
            var text = $"WatchedEvent state:{e.State} type:{e.Type} path:{e.Path ?? "null"}";
            lock (_outputLock)
            {
                Out.WriteLine();
                Out.WriteLine("WATCHER::");
                Out.WriteLine();
                Out.WriteLine(text);
                Out.Flush();
            }
        }

        if (e.Type == EventType.None && e.State is KeeperState.SyncConnected or KeeperState.ConnectedReadOnly)
        {
            _connectedPrinted?.TrySetResult();
        }
    }

    private async Task InteractiveAsync()
    {
        bool terminal = !Console.IsInputRedirected;
        Out.WriteLine("Welcome to ZooKeeper!");
        // zkCli.sh prints the prompt only through JLine; Debian's has no JLine on a pipe either way.
        Out.WriteLine(terminal ? "JLine support is enabled" : "JLine support is disabled");
        Out.Flush();
        while (true)
        {
            if (terminal)
            {
                lock (_outputLock)
                {
                    Out.Write(Prompt());
                    Out.Flush();
                }
            }

            var line = await Console.In.ReadLineAsync().ConfigureAwait(false);
            if (line is null) break;
            if (line.Length == 0) continue;
            var words = CommandLine.Split(line);
            _history[_commandCount] = line;
            if (words.Count > 0)
            {
                if (await ProcessAsync(words).ConfigureAwait(false)) break;
            }

            _commandCount++;
        }
    }

    private string Prompt() => $"[zk: {_host}({StateName()}) {_commandCount}] ";

    /// <summary>ZooKeeper.States as Java names them.</summary>
    private string StateName() => _zk?.State switch
    {
        null => _gaveUp ? "CLOSED" : "CONNECTING",
        ZooKeeperState.Connecting => "CONNECTING",
        ZooKeeperState.Connected => "CONNECTED",
        ZooKeeperState.ConnectedReadOnly => "CONNECTEDREADONLY",
        ZooKeeperState.AuthFailed => "AUTH_FAILED",
        _ => "CLOSED",
    };

    private static bool IsAlive(ZooKeeperState state) =>
        state is ZooKeeperState.Connecting or ZooKeeperState.Connected or ZooKeeperState.ConnectedReadOnly;

    /// <summary>processCmd: runs one command, prints a failure on stderr and records the exit code. True for quit.</summary>
    private async Task<bool> ProcessAsync(List<string> words)
    {
        try
        {
            bool quit = await ProcessZkCommandAsync(words).ConfigureAwait(false);
            // quit exits with the status of the command before it, as System.exit(exitCode) in zkCli.
            if (!quit) _exitCode = 0;
            return quit;
        }
        catch (CliException e)
        {
            _exitCode = e.ExitCode;
            Out.Flush();
            Err.WriteLine(e.Message);
            Err.Flush();
        }
        catch (KeeperException e)
        {
            _exitCode = 1;
            Out.Flush();
            Err.WriteLine(CliException.From(e).Message);
            Err.Flush();
        }

        return false;
    }

    private async Task<bool> ProcessZkCommandAsync(List<string> words)
    {
        var cmd = words[0];
        if (!IsKnown(cmd))
        {
            Usage();
            throw new CliException("Command not found: Command not found " + cmd, 127);
        }

        switch (cmd)
        {
            case "quit":
                if (_zk is not null && IsAlive(_zk.State)) await _zk.CloseAsync().ConfigureAwait(false);
                return true;
            case "redo" when words.Count >= 2:
                if (!int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) ||
                    index >= _commandCount || index < 0)
                {
                    throw new CliException("Command index out of range");
                }

                var again = CommandLine.Split(_history[index]);
                if (again.Count > 0 && again[0] == "redo") throw new CliException("No redoing redos");
                _history[_commandCount] = _history[index];
                return await ProcessAsync(again).ConfigureAwait(false);
            case "history":
                for (int i = _commandCount - 10; i <= _commandCount; ++i)
                {
                    if (i < 0) continue;
                    Out.WriteLine(i.ToString(CultureInfo.InvariantCulture) + " - " + _history.GetValueOrDefault(i, "null"));
                }

                return false;
            case "printwatches":
                if (words.Count == 1) Out.WriteLine("printwatches is " + (_printWatches ? "on" : "off"));
                else _printWatches = words[1] == "on";
                return false;
            case "connect":
                await ConnectAsync(words.Count >= 2 ? words[1] : _host).ConfigureAwait(false);
                break;
        }

        if (_zk is null || !IsAlive(_zk.State))
        {
            Out.WriteLine("Not connected");
            return false;
        }

        if (Commands.TryGetValue(cmd, out var command))
        {
            await command.Run(this, _zk, words).ConfigureAwait(false);
        }

        Out.Flush();
        return false;
    }

    private static bool IsKnown(string cmd) =>
        Commands.ContainsKey(cmd) || cmd is "connect" or "history" or "redo" or "printwatches" or "quit";

    /// <summary>ZooKeeperMain.usage: on stderr, commands sorted.</summary>
    private void Usage()
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["connect"] = "host:port",
            ["history"] = "",
            ["redo"] = "cmdno",
            ["printwatches"] = "on|off",
            ["quit"] = "",
        };
        foreach (var (name, c) in Commands) all[name] = c.Options;
        Err.WriteLine("ZooKeeper -server host:port -client-configuration properties-file cmd args");
        foreach (var (name, options) in all) Err.WriteLine("\t" + name + " " + options);
    }
}
