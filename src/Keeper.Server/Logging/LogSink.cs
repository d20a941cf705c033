using System.Text;
using System.Threading.Channels;

namespace Keeper.Server.Logging;

/// <summary>
/// Where log lines go: callers only enqueue (no lock, no I/O on the request path); one background task formats
/// the queue in batches and writes them to the output. Holds the level and myid so that a test can have its own
/// sink without touching the process-wide one.
/// </summary>
internal sealed class LogSink
{
    private const int BatchChars = 64 * 1024;

    private readonly Channel<object> queue =
        Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    private readonly TextWriter output;
    private volatile LogLevel level;
    private volatile string myId;

    public LogSink(TextWriter output, LogLevel level = LogLevel.Info, string myId = "")
    {
        this.output = output;
        this.level = level;
        this.myId = myId;
        _ = Task.Run(PumpAsync);
    }

    public LogLevel Level
    {
        get => level;
        set => level = value;
    }

    /// <summary>The <c>%X{myid}</c> value: empty for a standalone server, as ZooKeeper prints it.</summary>
    public string MyId
    {
        get => myId;
        set => myId = value;
    }

    public bool IsEnabled(LogLevel candidate) => candidate >= level && candidate != LogLevel.Off;

    public void Enqueue(LogEntry entry) => queue.Writer.TryWrite(entry);

    /// <summary>Waits until everything enqueued before this call is written and the output flushed.</summary>
    public void Flush(TimeSpan timeout)
    {
        var marker = new FlushMarker();
        if (queue.Writer.TryWrite(marker))
        {
            marker.Done.Wait(timeout);
        }
    }

    private async Task PumpAsync()
    {
        var batch = new StringBuilder(BatchChars);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item is LogEntry entry)
                {
                    LogLineFormatter.Append(batch, entry);
                    if (batch.Length >= BatchChars)
                    {
                        WriteOut(batch);
                    }
                }
                else if (item is FlushMarker marker)
                {
                    WriteOut(batch);
                    marker.Done.Set();
                }
            }

            WriteOut(batch);
        }
    }

    private void WriteOut(StringBuilder batch)
    {
        try
        {
            if (batch.Length > 0)
            {
                output.Write(batch);
            }

            output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A closed stdout must not take the server down; the lines are lost either way.
        }

        batch.Clear();
    }

    private sealed class FlushMarker
    {
        public ManualResetEventSlim Done { get; } = new();
    }
}
