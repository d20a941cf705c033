namespace Keeper.Interop.Tests.Quotas;

/// <summary>
/// The quota commands both shells run. "ROOT" is replaced by each run's own root path (e.g. /qz1), so zkCli.sh and
/// keeper cli can run one after the other on one server; every run removes what it made, so each finds the
/// quota tree as the one before it left it.
/// </summary>
internal static class QuotaScripts
{
    public const string Root = "ROOT";

    /// <summary>An interactive session on stdin: setquota, listquota, delquota, soft and hard limits, their rules and errors.</summary>
    public static readonly string[] Interactive =
    [
        "create ROOT",
        "create ROOT/a",
        "create ROOT/a/b",
        "setquota -n 3 ROOT/a",
        "listquota ROOT/a",
        // nested quotas: a parent's and a child's quota both refuse
        "setquota -n 2 ROOT/a/b",
        "create ROOT/c",
        "create ROOT/c/d",
        "create ROOT/c/d/e",
        "setquota -n 3 ROOT/c/d/e",
        "setquota -n 3 ROOT/c",
        "setquota -n 3 ROOT/c/d",
        "delquota ROOT/c/d/e",
        // bad arguments
        "setquota -b 10 /",
        "setquota -n 5 ROOT/a/b/none",
        "setquota ROOT/a",
        "setquota -n 0 ROOT/a",
        "setquota -n x ROOT/a",
        "setquota -n 99999999999 ROOT/a",
        "setquota -b -1 ROOT/a",
        "setquota -n 2 -b 5 ROOT/a",
        "setquota -n -b ROOT/a",
        "setquota -x 5 ROOT/a",
        "setquota -n 5",
        "setquota -n 5 relative",
        "setquota -n 3 /zookeeper/quota/x",
        "listquota",
        "listquota relative",
        "listquota ROOT/none",
        "delquota",
        "delquota ROOT/none",
        "delquota -n ROOT/none",
        "delquota -n -b ROOT/a",
        "delquota -x ROOT/a",
        // a hard count limit: two creates refused (QuotaExceeded), the stats node's text and stat
        "setquota -N 3 ROOT/a",
        "listquota ROOT/a",
        "get -s /zookeeper/quotaROOT/a/zookeeper_limits",
        "get -s /zookeeper/quotaROOT/a/zookeeper_stats",
        "create ROOT/a/c",
        "create ROOT/a/d",
        "create ROOT/a/e",
        "listquota ROOT/a",
        "get -s /zookeeper/quotaROOT/a/zookeeper_stats",
        "delquota -n ROOT/a",
        "listquota ROOT/a",
        "delquota ROOT/a",
        "listquota ROOT/a",
        "delquota ROOT/a",
        // soft limits only warn (in the server's log); lowering a limit below the usage warns in the shell
        "setquota -n 3 ROOT/c",
        "setquota -b 4 ROOT/c",
        "create ROOT/c/f 12345",
        "create ROOT/c/g",
        "create ROOT/c/h",
        "listquota ROOT/c",
        "setquota -n 1 ROOT/c",
        "setquota -B 2 ROOT/c",
        "setquota -N 2 ROOT/c",
        "listquota ROOT/c",
        // hard byte limit on setData, hard count limit on create
        "set ROOT/c/d xyz",
        "set ROOT/c/f 1",
        "create ROOT/c/i",
        "delquota -N ROOT/c",
        "delquota -B ROOT/c",
        "listquota ROOT/c",
        "create ROOT/c/i",
        // a quota on /zookeeper counts the quota tree itself
        "setquota -n 5 /zookeeper",
        "listquota /zookeeper",
        "create /zookeeper/zz",
        "delete /zookeeper/zz",
        "delquota /zookeeper",
        "get -s /zookeeper/quotaROOT/c/zookeeper_stats",
        "ls -R /zookeeper/quota",
        "delquota ROOT/c",
        "ls -R /zookeeper/quota",
        "deleteall ROOT",
    ];

    /// <summary>One-shot commands (each its own process), for the exit statuses; the last quota is left in place.</summary>
    public static readonly string[][] OneShot =
    [
        ["create", Root],
        ["setquota", "-n", "3", Root],
        ["setquota", "-n", "3", Root + "/none"],
        ["setquota", "-n", "0", Root],
        ["setquota", Root],
        ["listquota", Root],
        ["listquota", Root + "/none"],
        ["delquota", "-n", "-b", Root],
        ["delquota", Root],
        ["delquota", Root],
        ["create", Root + "/x", "abc"],
        ["setquota", "-N", "7", Root],
        ["setquota", "-B", "9", Root],
        ["listquota", Root],
    ];

    public static IEnumerable<string> WithRoot(IEnumerable<string> words, string root) =>
        words.Select(w => w.Replace(Root, root, StringComparison.Ordinal));
}
