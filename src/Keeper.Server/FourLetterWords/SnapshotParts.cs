namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The costly parts of a <see cref="ServerStateSnapshot"/>. The scalar fields (version, state, counts, latency)
/// are always expected; these collections only when the word reads them.
/// </summary>
[Flags]
internal enum SnapshotParts
{
    None = 0,
    Connections = 1,

    /// <summary>Session buckets, ephemerals by session and connection buckets (dump).</summary>
    Dump = 2,
    Watches = 4,

    /// <summary>The conf values and directory sizes (conf, dirs).</summary>
    Conf = 8,
    Environment = 16,

    /// <summary>Gauges, counters and summaries (mntr).</summary>
    Monitor = 32,
    Digests = 64,
}
