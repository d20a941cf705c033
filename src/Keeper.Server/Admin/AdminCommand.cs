namespace Keeper.Server.Admin;

/// <summary>
/// One admin command: its name under <c>/commands/</c>, the other names Apache accepts for it (the four-letter
/// word among them), and the four-letter word whose snapshot parts and side effect it shares.
/// </summary>
internal sealed record AdminCommand(string Name, string Word, params string[] Aliases);

/// <summary>
/// The admin commands we serve: Apache 3.8's <c>Commands</c> registry minus the quorum-only ones (leader,
/// observers, voting_view, zabstate, ...) and those we have no data for (last_snapshot, system_properties,
/// initial_configuration). Names and aliases as a live 3.8.0 server lists and accepts them.
/// </summary>
internal static class AdminCommands
{
    public static readonly IReadOnlyList<AdminCommand> All =
    [
        new("configuration", "conf", "conf", "config"),
        new("connection_stat_reset", "crst", "crst"),
        new("connections", "cons", "cons"),
        new("dirs", "dirs"),
        new("dump", "dump"),
        new("environment", "envi", "env", "envi"),
        new("get_trace_mask", "gtmk", "gtmk"),
        new("hash", "hash"),
        new("is_read_only", "isro", "isro"),
        new("monitor", "mntr", "mntr"),
        new("ruok", "ruok"),
        new("server_stats", "srvr", "srvr"),
        new("stat_reset", "srst", "srst"),
        new("stats", "stat", "stat"),
        new("watch_summary", "wchs", "wchs"),
        new("watches", "wchc", "wchc"),
        new("watches_by_path", "wchp", "wchp"),
    ];

    private static readonly Dictionary<string, AdminCommand> ByName = All
        .SelectMany(c => c.Aliases.Prepend(c.Name).Distinct().Select(n => (n, c)))
        .ToDictionary(p => p.n, p => p.c, StringComparer.Ordinal);

    public static AdminCommand? Find(string name) => ByName.GetValueOrDefault(name);
}
