using System.Text.Json;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Admin;

/// <summary>The fields of <c>server_stats</c>, <c>stats</c> and <c>connections</c> (Apache's ServerStats and ServerCnxn beans).</summary>
internal static class AdminStatsJson
{
    public static void ServerStats(Utf8JsonWriter w, ServerStateSnapshot s)
    {
        var g = s.Gauges;
        w.WriteString("version", s.Version);
        w.WriteBoolean("read_only", s.IsReadOnly);
        w.WriteStartObject("server_stats");
        w.WriteNumber("packets_sent", s.PacketsSent);
        w.WriteNumber("packets_received", s.PacketsReceived);
        w.WriteNumber("fsync_threshold_exceed_count", 0);
        ClientResponse(w, "client_response_stats", g);
        w.WriteNumber("data_dir_size", s.Conf.DataDirSize);
        w.WriteNumber("log_dir_size", s.Conf.DataLogSize);
        // Apache reports whether its request-processor chain is missing; ours always exists.
        w.WriteBoolean("provider_null", false);
        w.WriteString("server_state", s.ServerState);
        w.WriteNumber("last_processed_zxid", s.LastProcessedZxid);
        w.WriteNumber("outstanding_requests", s.OutstandingRequests);
        AdminJson.WriteDouble(w, "avg_latency", s.Latency.RoundedAverage);
        w.WriteNumber("max_latency", s.Latency.MaxOrZero);
        w.WriteNumber("min_latency", s.Latency.MinOrZero);
        w.WriteNumber("num_alive_client_connections", s.AliveConnections);
        w.WriteNumber("auth_failed_count", g.AuthFailedCount);
        w.WriteNumber("non_mtlsremote_conn_count", g.NonMtlsRemoteConnCount);
        w.WriteNumber("non_mtlslocal_conn_count", g.NonMtlsLocalConnCount);
        w.WriteNumber("uptime", g.Uptime);
        w.WriteEndObject();
        ClientResponse(w, "client_response", g);
        w.WriteNumber("node_count", s.NodeCount);
    }

    /// <summary>
    /// The connections list; <paramref name="full"/> adds the session details <c>cons</c> prints. Apache lists TLS
    /// connections separately; we serve none.
    /// </summary>
    public static void Connections(Utf8JsonWriter w, IReadOnlyList<ConnectionInfo> connections, bool full)
    {
        w.WriteStartArray("connections");
        foreach (var c in connections)
        {
            w.WriteStartObject();
            w.WriteString("remote_socket_address", JavaFormat.SocketAddress(c.Remote).TrimStart('/'));
            w.WriteNumber("interest_ops", c.InterestOps);
            w.WriteNumber("outstanding_requests", c.Queued);
            w.WriteNumber("packets_received", c.PacketsReceived);
            w.WriteNumber("packets_sent", c.PacketsSent);
            if (full && c.SessionId != 0)
            {
                w.WriteNumber("session_id", c.SessionId);
                w.WriteString("last_operation", c.LastOperation);
                w.WriteNumber("established", c.EstablishedMs);
                w.WriteNumber("session_timeout", c.SessionTimeout);
                w.WriteNumber("last_cxid", c.LastCxid);
                w.WriteNumber("last_zxid", c.LastZxid);
                w.WriteNumber("last_response_time", c.LastResponseTime);
                w.WriteNumber("last_latency", c.LastLatency);
                w.WriteNumber("min_latency", c.Latency.MinOrZero);
                w.WriteNumber("avg_latency", c.Latency.IntegerAverage);
                w.WriteNumber("max_latency", c.Latency.MaxOrZero);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("secure_connections");
        w.WriteEndArray();
    }

    private static void ClientResponse(Utf8JsonWriter w, string name, MonitorGauges g)
    {
        w.WriteStartObject(name);
        w.WriteNumber("last_buffer_size", g.LastClientResponseSize);
        w.WriteNumber("min_buffer_size", g.MinClientResponseSize);
        w.WriteNumber("max_buffer_size", g.MaxClientResponseSize);
        w.WriteEndObject();
    }
}
