namespace Keeper.Client;

/// <summary>How to reach the ensemble and which session to use.</summary>
public sealed class ZooKeeperClientOptions
{
    /// <summary>"host1:port1,host2:port2[/chroot]". A host without a port uses 2181.</summary>
    public required string ConnectString { get; init; }

    /// <summary>The session timeout asked for; the server clamps it to its min/max.</summary>
    public int SessionTimeoutMs { get; init; } = 30_000;

    /// <summary>Non-zero to resume an existing session (with <see cref="SessionPassword"/>).</summary>
    public long SessionId { get; init; }

    /// <summary>The 16-byte password of the session to resume.</summary>
    public byte[]? SessionPassword { get; init; }

    /// <summary>Sent as the readOnly byte of ConnectRequest: whether a read-only server will do.</summary>
    public bool CanBeReadOnly { get; init; }

    /// <summary>Gets state changes and the events of watches set with watch=true. Runs on the event queue.</summary>
    public Action<WatchedEvent>? DefaultWatcher { get; init; }

    /// <summary>How long ConnectAsync may take to establish the first session before it gives up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Try hosts in a random order (Java's StaticHostProvider does); false keeps the given order.</summary>
    public bool ShuffleHosts { get; init; } = true;

    /// <summary>The largest frame accepted from the server (Java: jute.maxbuffer, 0xfffff).</summary>
    public int MaxPacketLength { get; init; } = 0xfffff;
}
