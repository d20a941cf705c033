using Keeper.Consensus.Quorum;
using Keeper.Consensus.Zab;
using Keeper.Server.Config;

namespace Keeper.Server.Quorum;

/// <summary>What the quorum layer takes from zoo.cfg.</summary>
internal sealed record QuorumSettings(
    long MyId,
    QuorumVerifier Verifier,
    IReadOnlyDictionary<long, Config.QuorumServer> Servers,
    ZabOptions Zab,
    bool ListenOnAllIPs,
    int MaxBuffer)
{
    public static QuorumSettings From(ServerConfig config)
    {
        var membership = Reconfig.Membership.From(config);
        return new QuorumSettings(
            config.ServerId,
            membership.ToVerifier(),
            config.Servers.ToDictionary(s => s.Id),
            new ZabOptions(config.TickTime, config.InitLimit, config.SyncLimit),
            config.QuorumListenOnAllIPs,
            // jute.maxbuffer plus the same again, as BinaryInputArchive allows on the quorum socket.
            config.JuteMaxBuffer * 2)
        {
            ReadOnlyModeEnabled = config.ReadOnlyModeEnabled,
            ReconfigEnabled = config.ReconfigEnabled,
            Membership = membership,
            ConfigPath = config.SourcePath,
            DynamicConfigFile = config.DynamicConfigFile,
        };
    }

    /// <summary>reconfigEnabled: the reconfig op is served and the membership gets versions and dynamic files.</summary>
    public bool ReconfigEnabled { get; init; }

    /// <summary>The membership of zoo.cfg (or its dynamic file) at start-up.</summary>
    public Reconfig.Membership Membership { get; init; } = new([], 0);

    /// <summary>zoo.cfg's path (rewritten when the membership moves to a dynamic file), or null when built in code.</summary>
    public string? ConfigPath { get; init; }

    public string? DynamicConfigFile { get; init; }

    /// <summary>readonlymode.enabled: serve read-only clients while out of quorum.</summary>
    public bool ReadOnlyModeEnabled { get; init; }

    public Config.QuorumServer Self => Servers[MyId];

    /// <summary>sslQuorum / portUnification: TLS or plaintext on the election and quorum ports (set by the host).</summary>
    public Tls.QuorumChannel Channel { get; init; } = Tls.QuorumChannel.Plaintext;
}
