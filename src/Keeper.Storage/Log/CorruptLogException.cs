namespace Keeper.Storage.Log;

/// <summary>
/// A txn log that is damaged somewhere other than a torn tail: replaying past it would serve wrong data.
/// The message names the file, the offset and what the operator can do.
/// </summary>
public class CorruptLogException : IOException
{
    public CorruptLogException(string file, long offset, string problem, string? advice = null)
        : base(Describe(file, offset, problem, advice))
    {
        File = file;
        Offset = offset;
        Problem = problem;
    }

    public string File { get; }
    public long Offset { get; }
    public string Problem { get; }

    public const string DefaultAdvice =
        "The server cannot safely replay this log. Recover this server's data from a healthy ensemble member " +
        "(move its data directory aside and let it resync), or restore from a backup. If you accept losing the " +
        "txns from this offset on, move this log and every later log.* out of the directory.";

    private static string Describe(string file, long offset, string problem, string? advice) =>
        $"corrupt txn log {file} at offset {offset} (0x{offset:x}): {problem}. {advice ?? DefaultAdvice}";
}

/// <summary>Consecutive txns whose zxids skip or go backwards: some txns are missing from the log.</summary>
public sealed class ZxidGapException : CorruptLogException
{
    public ZxidGapException(string file, long offset, long previousZxid, long expected, long found)
        : base(file, offset,
            $"zxid gap: after 0x{previousZxid:x} the next txn should be 0x{expected:x}" +
            (expected >> 32 == found >> 32 ? "" : $" (or 0x{((found >> 32) << 32) | 1:x} to start epoch {found >> 32})") +
            $" but is 0x{found:x}",
            "Txns are missing between these two entries, so replaying this log would skip committed changes. " +
            "Recover this server's data from a healthy ensemble member or a backup.")
    {
        PreviousZxid = previousZxid;
        Expected = expected;
        Found = found;
    }

    public long PreviousZxid { get; }
    public long Expected { get; }
    public long Found { get; }
}
