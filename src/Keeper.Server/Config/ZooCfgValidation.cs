namespace Keeper.Server.Config;

/// <summary>
/// The checks ZooKeeper makes after reading every key (<c>QuorumPeerConfig.parseProperties</c>,
/// <c>parseDynamicConfig</c>, <c>setupMyId</c>, <c>setupClientPort</c>, <c>setupPeerType</c>, <c>checkValidity</c>),
/// and the defaults that depend on other keys.
/// </summary>
internal static class ZooCfgValidation
{
    public static ServerConfig Complete(ParseState state, Func<string, string?> readMyIdFile)
    {
        var c = state.Config;
        if (!state.DataDirSet)
        {
            throw state.Fail(null, "dataDir is not set");
        }

        var min = state.MinSessionTimeout ?? 2 * c.TickTime;
        var max = state.MaxSessionTimeout ?? 20 * c.TickTime;
        if (min > max)
        {
            throw state.Fail(state.SessionTimeoutLine,
                $"minSessionTimeout ({min}) must not be larger than maxSessionTimeout ({max})");
        }

        if (c.ClientPort is null && c.ClientPortAddress is not null)
        {
            throw state.Fail(state.ClientPortAddressLine, "clientPortAddress is set but clientPort is not set");
        }

        c = c with
        {
            DataLogDir = state.DataLogDirSet ? c.DataLogDir : c.DataDir,
            MinSessionTimeout = min,
            MaxSessionTimeout = max,
            Servers = state.Servers.Values.ToList(),
            MetricsProvider = state.MetricsProvider,
            UnknownKeys = state.UnknownKeys,
        };

        Tls.TlsConfigKeys.Validate(state, c);
        QuorumSasl.QuorumSaslConfigKeys.Validate(state, c);
        CheckMembership(state, c);
        c = c.IsDistributed ? CompleteQuorum(state, c, readMyIdFile) : c;
        if (c.ClientPort is null && c.SecureClientPort is null)
        {
            throw state.Fail(null, "clientPort is not set");
        }

        return c;
    }

    private static void CheckMembership(ParseState state, ServerConfig c)
    {
        if (c.Servers.Count == 0)
        {
            return;
        }

        var voters = c.Servers.Count(s => s.Type == LearnerType.Participant);
        var observers = c.Servers.Count - voters;
        if (voters == 0)
        {
            throw state.Fail(null, observers > 0
                ? "observers without participants is an invalid configuration"
                : "standaloneEnabled=false needs at least one participant");
        }

        if (voters == 1 && c.StandaloneEnabled)
        {
            if (observers > 0)
            {
                throw state.Fail(null, "observers without a quorum is an invalid configuration");
            }

            // ZooKeeper keeps running standalone here (HBase writes such configs).
            state.Warn($"{state.FileName}: only one server specified; running standalone");
        }
        else if (voters <= 2)
        {
            state.Warn($"{state.FileName}: no server failure will be tolerated; you need at least 3 servers");
        }
        else if (voters % 2 == 0)
        {
            state.Warn($"{state.FileName}: non-optimal configuration, consider an odd number of servers");
        }
    }

    private static ServerConfig CompleteQuorum(ParseState state, ServerConfig c, Func<string, string?> readMyIdFile)
    {
        if (c.InitLimit == 0)
        {
            throw state.Fail(null, "initLimit is not set (required with server.N lines)");
        }

        if (c.SyncLimit == 0)
        {
            throw state.Fail(null, "syncLimit is not set (required with server.N lines)");
        }

        var myIdPath = MyIdFile.PathIn(c.DataDir);
        var myIdText = readMyIdFile(myIdPath)
            ?? throw state.Fail(null, $"myid file {myIdPath} is missing (required with server.N lines)");
        var myId = MyIdFile.Parse(myIdText, myIdPath);
        var self = c.Servers.FirstOrDefault(s => s.Id == myId)
            ?? throw state.Fail(null, $"myid {myId} (from {myIdPath}) is not one of the server ids ({string.Join(", ", c.Servers.Select(s => s.Id))})");
        if (c.ExtendedTypesEnabled && myId > 254)
        {
            throw state.Fail(null, $"server id {myId} is above 254, which extendedTypesEnabled does not allow");
        }

        if (state.PeerTypeLine is { } line && c.PeerType != self.Type)
        {
            state.Warn($"{state.FileName}:{line}: peerType {c.PeerType} does not match server.{myId} ({self.Type}); using the server list");
        }

        return c with
        {
            ServerId = myId,
            PeerType = self.Type,
            ClientPort = ClientPortFor(state, c, self),
            ClientPortAddress = self.ClientHost is { } host && host != "0.0.0.0" ? host : c.ClientPortAddress,
        };
    }

    // setupClientPort: the server's own line may carry its client port; it must agree with clientPort if both are set.
    private static int? ClientPortFor(ParseState state, ServerConfig c, QuorumServer self)
    {
        if (self.ClientPort is not { } linePort)
        {
            return c.ClientPort;
        }

        if (c.ClientPort is { } port && port != linePort)
        {
            throw state.Fail(null, $"clientPort {port} differs from the client port {linePort} on server.{self.Id}");
        }

        return linePort;
    }
}
