using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>
/// Debian's Apache ZooKeeper 3.8 (package "zookeeper"): SnapshotFormatter, a standalone server on a free
/// 127.0.0.1 port over a given data dir, and zkCli.sh. Every process is stopped by its own process id.
/// </summary>
internal static class ApacheTools
{
    private const string Jars = "/usr/share/java";
    public const string ZkCli = "/usr/share/zookeeper/bin/zkCli.sh";

    public static string ClassPath(string logging = "slf4j-nop.jar", params string[] first) =>
        string.Join(':', [.. first, $"{Jars}/zookeeper.jar", $"{Jars}/zookeeper-jute.jar", $"{Jars}/slf4j-api.jar", $"{Jars}/{logging}"]);

    public static void Require()
    {
        if (!File.Exists($"{Jars}/zookeeper.jar") || !File.Exists(ZkCli) || Java is null)
            throw new InvalidOperationException(
                "This test needs Apache ZooKeeper 3.8 and Java: install Debian's 'zookeeper' and 'zookeeper-bin' packages and a JRE.");
    }

    public static string? Java =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "java")).FirstOrDefault(File.Exists);

    /// <summary>org.apache.zookeeper.server.SnapshotFormatter [options] file.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr)> SnapshotFormatterAsync(params string[] args) =>
        RunAsync(Java!, ["-Duser.timezone=UTC", "-cp", ClassPath(), "org.apache.zookeeper.server.SnapshotFormatter", .. args]);

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string file, IEnumerable<string> args,
        string? stdin = null, TimeSpan? timeout = null)
    {
        Require();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<string> FourLetterWordAsync(int port, string command)
    {
        // Bounded: a server still starting may accept the connection and never answer.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return "";
        }
        catch (SocketException)
        {
            return "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}

/// <summary>A process whose output is collected as it arrives; disposing kills it (and its children) by process id.</summary>
internal sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static RunningProcess Start(string file, IEnumerable<string> args, string? workingDir = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDir ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new RunningProcess(Process.Start(start)!);
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Output)) return true;
            if (_process.HasExited)
            {
                await Task.Delay(200);
                return condition(Output);
            }
            await Task.Delay(50);
        }
        return condition(Output);
    }

    /// <summary>Kills the process tree by process id and waits for it to go.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}

/// <summary>A standalone Apache ZooKeeper over a data dir (snapCount small so it snapshots often).</summary>
internal sealed class ApacheServer : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private ApacheServer(RunningProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string ConnectString => $"127.0.0.1:{Port}";
    public string Output => _process.Output;

    public static async Task<ApacheServer> StartAsync(string dataDir, string confDir, int snapCount = 100000)
    {
        ApacheTools.Require();
        Directory.CreateDirectory(dataDir);
        Directory.CreateDirectory(confDir);
        int port = ApacheTools.FreePort();
        var cfg = Path.Combine(confDir, "zoo.cfg");
        File.WriteAllText(cfg, $"""
            tickTime=2000
            dataDir={Path.GetFullPath(dataDir)}
            clientPort={port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            snapCount={snapCount}
            4lw.commands.whitelist=*
            """);
        var process = RunningProcess.Start(ApacheTools.Java!,
        [
            "-Xmx256m", "-Dzookeeper.extendedTypesEnabled=true", "-Dzookeeper.admin.enableServer=false",
            "-cp", ApacheTools.ClassPath("slf4j-simple.jar", confDir),
            "org.apache.zookeeper.server.ZooKeeperServerMain", cfg,
        ], confDir);
        var server = new ApacheServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (await ApacheTools.FourLetterWordAsync(port, "ruok") == "imok") return server;
            await Task.Delay(200);
        }
        var output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"Apache ZooKeeper did not start on port {port}:\n{output}");
    }

    /// <summary>zkCli.sh connected to this server, fed commands on stdin; it stays open until disposed.</summary>
    public RunningProcess StartCli() => RunningProcess.Start(ApacheTools.ZkCli, ["-server", ConnectString]);

    /// <summary>Runs zkCli.sh with these commands and returns its output once it exits.</summary>
    public async Task<string> CliAsync(params string[] commands)
    {
        var (_, stdout, stderr) = await ApacheTools.RunAsync(ApacheTools.ZkCli, ["-server", ConnectString],
            string.Join('\n', [.. commands, "quit"]) + "\n");
        return stdout + stderr;
    }

    public Task StopAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
