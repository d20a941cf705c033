using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary><c>conf</c>, <c>dirs</c> and <c>envi</c>.</summary>
internal static class ConfText
{
    public static string Conf(ConfSnapshot c)
    {
        var sb = new StringBuilder();
        Line(sb, "clientPort", c.ClientPort);
        Line(sb, "secureClientPort", c.SecureClientPort);
        Line(sb, "dataDir", c.DataDir);
        Line(sb, "dataDirSize", c.DataDirSize);
        Line(sb, "dataLogDir", c.DataLogDir);
        Line(sb, "dataLogSize", c.DataLogSize);
        Line(sb, "tickTime", c.TickTime);
        Line(sb, "maxClientCnxns", c.MaxClientCnxns);
        Line(sb, "minSessionTimeout", c.MinSessionTimeout);
        Line(sb, "maxSessionTimeout", c.MaxSessionTimeout);
        Line(sb, "clientPortListenBacklog", c.ClientPortListenBacklog);
        Line(sb, "serverId", c.ServerId);
        if (c.Quorum is { } q)
        {
            Line(sb, "initLimit", q.InitLimit);
            Line(sb, "syncLimit", q.SyncLimit);
            Line(sb, "electionAlg", QuorumConf.ElectionAlg);
            Line(sb, "electionPort", q.ElectionPorts);
            Line(sb, "quorumPort", q.QuorumPorts);
            Line(sb, "peerType", (int)q.PeerType);
            // ZooKeeper prints the membership with print, not println: no newline after "version=...".
            sb.Append("membership: \n").Append(q.Membership);
        }

        return sb.ToString();
    }

    public static string Dirs(ConfSnapshot c) =>
        $"datadir_size: {c.DataDirSize}\nlogdir_size: {c.DataLogSize}\n";

    public static string Envi(IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var sb = new StringBuilder("Environment:\n");
        foreach (var (key, value) in environment)
        {
            sb.Append(key).Append('=').Append(value).Append('\n');
        }

        return sb.ToString();
    }

    private static void Line<T>(StringBuilder sb, string key, T value) => sb.Append(key).Append('=').Append(value).Append('\n');
}
