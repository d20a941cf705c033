using System.Globalization;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// Runs a four-letter word against a snapshot and returns the exact text Apache ZooKeeper 3.8 would write before
/// closing the connection. The network layer reads the four bytes (<see cref="FourLetterWordCodes"/>), for
/// <c>stmk</c> also the 8-byte mask, calls <see cref="Execute"/>, writes the text as UTF-8 and closes.
/// </summary>
internal static class FourLetterWordHandler
{
    public const string NotServing = "This ZooKeeper instance is not currently serving requests";

    public static bool IsKnown(int code) => FourLetterWordCodes.IsKnown(code);

    /// <summary>The reply to a known word that the whitelist does not enable.</summary>
    public static string NotInWhitelist(string word) => $"{word} is not executed because it is not in the whitelist.\n";

    /// <summary>The whole flow: the whitelist check, the side effects of srst/crst/stmk, then the text.</summary>
    public static string Execute(
        string word,
        ServerStateSnapshot snapshot,
        FourLetterWordWhitelist whitelist,
        IFourLetterWordEffects effects,
        long traceMask = 0)
    {
        if (!whitelist.IsEnabled(word))
        {
            return NotInWhitelist(word);
        }

        switch (word)
        {
            case "srst" when snapshot.IsServing:
                effects.ResetServerStats();
                break;
            case "crst" when snapshot.IsServing:
                effects.ResetConnectionStats();
                break;
            case "stmk":
                effects.SetTraceMask(traceMask);
                break;
        }

        return Run(word, snapshot, traceMask);
    }

    /// <summary>
    /// The text for <paramref name="word"/> (no whitelist check, no side effects). <paramref name="traceMask"/> is
    /// the argument of <c>stmk</c>, which echoes it.
    /// </summary>
    public static string Run(string word, ServerStateSnapshot s, long traceMask = 0) => word switch
    {
        "ruok" => "imok",
        "isro" => !s.IsServing ? "null" : s.IsReadOnly ? "ro" : "rw",
        "gtmk" => s.TraceMask.ToString(CultureInfo.InvariantCulture),
        "stmk" => traceMask.ToString(CultureInfo.InvariantCulture),
        "envi" => ConfText.Envi(s.Environment),
        FourLetterWordCodes.TelnetClose => "",
        // DigestCommand prints the not-serving line without a newline.
        "hash" when !s.IsServing => NotServing,
        _ when !s.IsServing => NotServing + "\n",
        "srvr" => StatText.Srvr(s),
        "stat" => StatText.Stat(s),
        "cons" => StatText.Cons(s),
        "conf" => ConfText.Conf(s.Conf),
        "dirs" => ConfText.Dirs(s.Conf),
        "dump" => DumpText.Dump(s),
        "wchs" => WatchText.Summary(s.DataWatches),
        "wchc" => WatchText.BySession(s.DataWatches),
        "wchp" => WatchText.ByPath(s.DataWatches),
        "mntr" => MonitorText.Mntr(s),
        "srst" => "Server stats reset.\n",
        "crst" => "Connection stats reset.\n",
        "hash" => string.Concat(s.DigestLog.Select(d => $"{JavaFormat.Hex(d.Zxid)}: {d.Digest}\n")),
        _ => throw new ArgumentException($"'{word}' is not a four-letter word", nameof(word)),
    };

    /// <summary>Which costly snapshot parts <paramref name="word"/> reads, so the server gathers only those.</summary>
    public static SnapshotParts PartsNeeded(string word) => word switch
    {
        "stat" or "cons" => SnapshotParts.Connections,
        "dump" => SnapshotParts.Dump,
        "wchs" or "wchc" or "wchp" => SnapshotParts.Watches,
        "conf" or "dirs" => SnapshotParts.Conf,
        "envi" => SnapshotParts.Environment,
        "mntr" => SnapshotParts.Monitor,
        "hash" => SnapshotParts.Digests,
        _ => SnapshotParts.None,
    };
}
