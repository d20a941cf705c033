using System.Globalization;
using System.Text.Json;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Admin;

/// <summary>
/// The JSON body of an admin command, with the keys a live Apache 3.8 server sends: the command's own fields, then
/// <c>"command"</c> (the command's primary name) and <c>"error"</c> (null). Written with <see cref="Utf8JsonWriter"/>
/// so nothing depends on reflection (the executable may be published with NativeAOT).
/// </summary>
internal static class AdminJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    /// <summary>What Apache answers (with status 200) for a name it does not know.</summary>
    public static byte[] UnknownCommand(string name) => Write(w =>
    {
        w.WriteString("command", name);
        w.WriteString("error", $"Unknown command: {name}");
    });

    public static byte[] Render(AdminCommand command, ServerStateSnapshot s) => Write(w =>
    {
        Fields(w, command.Name, s);
        w.WriteString("command", command.Name);
        w.WriteNull("error");
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Fields(Utf8JsonWriter w, string name, ServerStateSnapshot s)
    {
        switch (name)
        {
            case "server_stats":
                AdminStatsJson.ServerStats(w, s);
                break;
            case "stats":
                AdminStatsJson.ServerStats(w, s);
                AdminStatsJson.Connections(w, s.Connections, full: false);
                break;
            case "connections":
                AdminStatsJson.Connections(w, s.Connections, full: true);
                break;
            case "monitor":
                Monitor(w, s);
                break;
            case "configuration":
                Configuration(w, s.Conf);
                break;
            case "environment":
                foreach (var (key, value) in s.Environment) w.WriteString(key, value);
                break;
            case "dirs":
                w.WriteNumber("datadir_size", s.Conf.DataDirSize);
                w.WriteNumber("logdir_size", s.Conf.DataLogSize);
                break;
            case "dump":
                AdminWatchJson.Dump(w, s);
                break;
            case "watch_summary":
                AdminWatchJson.Summary(w, s.DataWatches);
                break;
            case "watches":
                AdminWatchJson.BySession(w, s.DataWatches);
                break;
            case "watches_by_path":
                AdminWatchJson.ByPath(w, s.DataWatches);
                break;
            case "is_read_only":
                w.WriteBoolean("read_only", s.IsReadOnly);
                break;
            case "get_trace_mask":
                w.WriteNumber("tracemask", s.TraceMask);
                break;
            case "hash":
                w.WriteStartArray("digests");
                foreach (var d in s.DigestLog)
                {
                    w.WriteStartObject();
                    w.WriteNumber("zxid", d.Zxid);
                    w.WriteNumber("digest", d.Digest);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
        }
    }

    private static void Configuration(Utf8JsonWriter w, ConfSnapshot c)
    {
        w.WriteNumber("client_port", c.ClientPort);
        if (c.SecureClientPort > 0) w.WriteNumber("secure_client_port", c.SecureClientPort);
        w.WriteString("data_dir", c.DataDir);
        w.WriteString("data_log_dir", c.DataLogDir);
        w.WriteNumber("tick_time", c.TickTime);
        w.WriteNumber("max_client_cnxns", c.MaxClientCnxns);
        w.WriteNumber("min_session_timeout", c.MinSessionTimeout);
        w.WriteNumber("max_session_timeout", c.MaxSessionTimeout);
        w.WriteNumber("server_id", c.ServerId);
        w.WriteNumber("client_port_listen_backlog", c.ClientPortListenBacklog);
    }

    // The mntr text is the one source of the keys and values, so the two can never disagree; Apache's JSON carries
    // the same keys without the zk_ prefix, integers as numbers, doubles as numbers with a fraction, the rest as strings.
    private static void Monitor(Utf8JsonWriter w, ServerStateSnapshot s)
    {
        foreach (var line in MonitorText.Mntr(s).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int tab = line.IndexOf('\t');
            if (tab < 0) continue;
            var key = line[..tab].StartsWith("zk_", StringComparison.Ordinal) ? line[3..tab] : line[..tab];
            var value = line[(tab + 1)..];
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                w.WriteNumber(key, integer);
            else if (value.Contains('.') && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                WriteDouble(w, key, real);
            else
                w.WriteString(key, value);
        }
    }

    /// <summary>Jackson writes a whole double as <c>0.0</c>; Utf8JsonWriter would write <c>0</c>, which clients read as an integer.</summary>
    public static void WriteDouble(Utf8JsonWriter w, string key, double value)
    {
        w.WritePropertyName(key);
        w.WriteRawValue(JavaFormat.Double(value), skipInputValidation: false);
    }
}
