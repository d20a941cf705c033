using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keeper.Storage.Tests.TxnLog;

/// <summary>
/// Debian's Apache ZooKeeper 3.8 (package "zookeeper"): its jars, its tools, and a standalone server on a
/// free 127.0.0.1 port with a temporary data dir. The server is stopped by its own process id.
/// </summary>
internal sealed class ApacheZooKeeper : IAsyncDisposable
{
    private const string Jars = "/usr/share/java";
    private static readonly string ZooKeeperJar = Path.Combine(Jars, "zookeeper.jar");

    /// <summary>zookeeper.jar's manifest names its dependencies; add a logging backend that stays quiet.</summary>
    public static string ClassPath(params string[] extra) =>
        string.Join(':', [.. extra, ZooKeeperJar, Path.Combine(Jars, "zookeeper-jute.jar"), Path.Combine(Jars, "slf4j-nop.jar")]);

    public static void Require()
    {
        if (!File.Exists(ZooKeeperJar) || FindOnPath("java") is null)
            throw new InvalidOperationException(
                "This test needs Apache ZooKeeper 3.8 and Java: install Debian's 'zookeeper' package (it provides /usr/share/java/zookeeper.jar).");
    }

    /// <summary>Runs a Java main class to completion; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunJavaAsync(
        string classPath, string mainClass, IEnumerable<string> args, string? workingDir = null, TimeSpan? timeout = null)
    {
        Require();
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDir ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-cp");
        start.ArgumentList.Add(classPath);
        start.ArgumentList.Add(mainClass);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"java {mainClass} did not finish");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task CompileAsync(string source, string outputDir)
    {
        Require();
        var start = new ProcessStartInfo("javac") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-cp", ClassPath(), "-d", outputDir, source }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"javac {source} failed: {await stderr}");
    }

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ApacheZooKeeper(Process process, string dataDir, int port)
    {
        _process = process;
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }
    public int Port { get; }
    public string ConnectString => $"127.0.0.1:{Port}";
    public string LogDir => Path.Combine(DataDir, "version-2");
    public string Output { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts a standalone server on <paramref name="dataDir"/>; returns once it serves ("srvr" shows a zxid).</summary>
    public static async Task<ApacheZooKeeper> StartAsync(string dataDir, params string[] systemProperties)
    {
        Require();
        Directory.CreateDirectory(dataDir);
        int port = FreePort();
        var confDir = Path.Combine(dataDir, "..", Path.GetFileName(dataDir) + "-conf");
        Directory.CreateDirectory(confDir);
        var cfg = Path.Combine(confDir, "zoo.cfg");
        File.WriteAllText(cfg, $"""
            tickTime=2000
            dataDir={Path.GetFullPath(dataDir)}
            clientPort={port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            4lw.commands.whitelist=*
            """);
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = confDir,
        };
        foreach (var property in systemProperties) start.ArgumentList.Add("-D" + property);
        start.ArgumentList.Add("-Dzookeeper.admin.enableServer=false");
        start.ArgumentList.Add("-cp");
        start.ArgumentList.Add(ClassPath(confDir).Replace(Path.Combine(Jars, "slf4j-nop.jar"), Path.Combine(Jars, "slf4j-simple.jar"), StringComparison.Ordinal));
        start.ArgumentList.Add("org.apache.zookeeper.server.ZooKeeperServerMain");
        start.ArgumentList.Add(cfg);
        var process = Process.Start(start)!;
        var server = new ApacheZooKeeper(process, dataDir, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            if ((await FourLetterWordAsync(port, "srvr")).Contains("Zxid:", StringComparison.Ordinal)) return server;
            await Task.Delay(200);
        }
        var output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"Apache ZooKeeper did not start on port {port}:\n{output}");
    }

    public Task<string> FourLetterWordAsync(string command) => FourLetterWordAsync(Port, command);

    private static async Task<string> FourLetterWordAsync(int port, string command)
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
        catch (SocketException) { return ""; }
        catch (IOException) { return ""; }
        catch (OperationCanceledException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
