using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary><c>srvr</c>, <c>stat</c> and <c>cons</c> (ZooKeeper's <c>StatCommand</c>, <c>ConsCommand</c>, <c>ServerStats.toString</c>).</summary>
internal static class StatText
{
    public static string Srvr(ServerStateSnapshot s) => Render(s, withClients: false);

    public static string Stat(ServerStateSnapshot s) => Render(s, withClients: true);

    /// <summary>One full connection line per connection, then an empty line.</summary>
    public static string Cons(ServerStateSnapshot s)
    {
        var sb = new StringBuilder();
        foreach (var connection in s.Connections)
        {
            AppendConnection(sb, connection, brief: false);
            sb.Append('\n');
        }

        return sb.Append('\n').ToString();
    }

    /// <summary><c>ServerCnxn.dumpConnectionInfo</c>: the brief form for stat, the full one (with session details) for cons.</summary>
    public static void AppendConnection(StringBuilder sb, ConnectionInfo c, bool brief)
    {
        sb.Append(' ').Append(JavaFormat.SocketAddress(c.Remote)).Append('[')
            .Append(c.InterestOps == 0 ? "0" : JavaFormat.Hex(c.InterestOps))
            .Append("](queued=").Append(c.Queued)
            .Append(",recved=").Append(c.PacketsReceived)
            .Append(",sent=").Append(c.PacketsSent);
        if (!brief && c.SessionId != 0)
        {
            sb.Append(",sid=0x").Append(JavaFormat.Hex(c.SessionId))
                .Append(",lop=").Append(c.LastOperation)
                .Append(",est=").Append(c.EstablishedMs)
                .Append(",to=").Append(c.SessionTimeout);
            if (c.LastCxid >= 0)
            {
                sb.Append(",lcxid=0x").Append(JavaFormat.Hex(c.LastCxid));
            }

            sb.Append(",lzxid=0x").Append(JavaFormat.Hex(c.LastZxid))
                .Append(",lresp=").Append(c.LastResponseTime)
                .Append(",llat=").Append(c.LastLatency)
                .Append(",minlat=").Append(c.Latency.MinOrZero)
                .Append(",avglat=").Append(c.Latency.IntegerAverage)
                .Append(",maxlat=").Append(c.Latency.MaxOrZero);
        }

        sb.Append(')');
    }

    private static string Render(ServerStateSnapshot s, bool withClients)
    {
        var sb = new StringBuilder();
        sb.Append("Zookeeper version: ").Append(s.Version).Append('\n');
        if (s.IsReadOnly)
        {
            sb.Append("READ-ONLY mode; serving only read-only clients\n");
        }

        if (withClients)
        {
            sb.Append("Clients:\n");
            foreach (var connection in s.Connections)
            {
                AppendConnection(sb, connection, brief: true);
                sb.Append('\n');
            }

            sb.Append('\n');
        }

        sb.Append("Latency min/avg/max: ").Append(s.Latency.MinOrZero).Append('/')
            .Append(JavaFormat.Double(s.Latency.RoundedAverage)).Append('/').Append(s.Latency.MaxOrZero).Append('\n')
            .Append("Received: ").Append(s.PacketsReceived).Append('\n')
            .Append("Sent: ").Append(s.PacketsSent).Append('\n')
            .Append("Connections: ").Append(s.AliveConnections).Append('\n')
            .Append("Outstanding: ").Append(s.OutstandingRequests).Append('\n')
            .Append("Zxid: 0x").Append(JavaFormat.Hex(s.LastProcessedZxid)).Append('\n')
            .Append("Mode: ").Append(s.ServerState).Append('\n')
            .Append("Node count: ").Append(s.NodeCount).Append('\n');
        if (s.ServerState == "leader")
        {
            var p = s.ProposalSizes ?? ProposalSizes.Unset;
            sb.Append("Proposal sizes last/min/max: ").Append(p.Last).Append('/').Append(p.Min).Append('/').Append(p.Max).Append('\n');
        }

        return sb.ToString();
    }
}
