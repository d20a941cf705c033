using System.Diagnostics;
using System.Text;

namespace Keeper.TestSupport;

/// <summary>
/// A child process whose stdout and stderr are captured as they arrive (exactly, not line by
/// line) and whose stdin stays open for writing. Disposing kills it, with its descendants, by
/// PID. Every wait is bounded.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _combined = new();
    private readonly object _gate = new();
    private readonly Task _pumps;
    private readonly string? _logFile;

    private ChildProcess(Process process, string command, string? logFile)
    {
        _process = process;
        Command = command;
        _logFile = logFile;
        _pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, _stdout),
            PumpAsync(process.StandardError, _stderr));
    }

    /// <summary>The command line, for messages.</summary>
    public string Command { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string StdOut { get { lock (_gate) { return _stdout.ToString(); } } }

    public string StdErr { get { lock (_gate) { return _stderr.ToString(); } } }

    /// <summary>stdout and stderr interleaved in the order the chunks arrived here.</summary>
    public string Output { get { lock (_gate) { return _combined.ToString(); } } }

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/>. When <paramref name="logFile"/>
    /// is given, everything the process writes is also appended to that file.
    /// </summary>
    public static ChildProcess Start(
        string file,
        IEnumerable<string> args,
        IDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? logFile = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var command = file + " " + string.Join(" ", psi.ArgumentList.Select(Quote));
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command}");
        return new ChildProcess(process, command, logFile);
    }

    /// <summary>Writes a line (with "\n") to the process's stdin and flushes it.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes stdin, so the process sees end of input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the output so far (stdout and stderr
    /// interleaved), or the process exits, or <paramref name="timeout"/> passes. Returns whether
    /// the condition held.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (condition(Output))
            {
                return true;
            }

            if (_process.HasExited)
            {
                await Task.WhenAny(_pumps, Task.Delay(1000));
                return condition(Output);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until no new output has arrived for <paramref name="quiet"/>, bounded by
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastLength = -1;
        var lastChange = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            int length;
            lock (_gate)
            {
                length = _combined.Length;
            }

            if (length != lastLength)
            {
                lastLength = length;
                lastChange = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastChange >= quiet)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to exit; returns false if it is still running at the deadline.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        await Task.WhenAny(_pumps, Task.Delay(2000));
        return true;
    }

    /// <summary>Kills the process and its descendants by PID, then waits (bounded) for it to go.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder own)
    {
        var buffer = new char[4096];
        while (true)
        {
            int n;
            try
            {
                n = await reader.ReadAsync(buffer, 0, buffer.Length);
            }
            catch (Exception) when (_process.HasExited)
            {
                break;
            }

            if (n == 0)
            {
                break;
            }

            var chunk = new string(buffer, 0, n);
            lock (_gate)
            {
                own.Append(chunk);
                _combined.Append(chunk);
                if (_logFile is not null)
                {
                    try
                    {
                        File.AppendAllText(_logFile, chunk);
                    }
                    catch (IOException)
                    {
                        // Diagnostics only.
                    }
                }
            }
        }
    }

    internal static string Quote(string a) =>
        a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@%".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'";
}
