namespace Keeper.Storage.Snapshots;

/// <summary>A SNAP stream that cannot be loaded: names what was being read and the byte offset in the stream.</summary>
public sealed class SnapStreamCorruptException : IOException
{
    public SnapStreamCorruptException(string source, long offset, string reason, Exception? inner = null)
        : base($"{source} is corrupt at offset {offset}: {reason}", inner)
    {
        StreamName = source;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>What was read ("SNAP stream").</summary>
    public string StreamName { get; }

    public long Offset { get; }
    public string Reason { get; }
}
