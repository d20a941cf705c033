using System.Globalization;
using System.Text.Json;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Admin;

/// <summary>
/// <c>dump</c> and the watch commands. Like the four-letter words they cover the data-watch table only. Session ids
/// are numbers in arrays and decimal strings as object keys, as Jackson writes a map keyed by long.
/// </summary>
internal static class AdminWatchJson
{
    public static void Dump(Utf8JsonWriter w, ServerStateSnapshot s)
    {
        // Apache keys the buckets by its session tracker's clock; ours are wall-clock ms since the epoch.
        w.WriteStartObject("expiry_time_to_session_ids");
        foreach (var bucket in s.Sessions.SessionSets)
        {
            Ids(w, bucket.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), bucket.SessionIds);
        }

        w.WriteEndObject();
        w.WriteStartObject("session_id_to_ephemeral_paths");
        foreach (var e in s.Ephemerals)
        {
            Strings(w, Key(e.SessionId), e.Paths);
        }

        w.WriteEndObject();
    }

    public static void Summary(Utf8JsonWriter w, IReadOnlyList<DataWatch> watches)
    {
        w.WriteNumber("num_connections", watches.Select(d => d.SessionId).Distinct().Count());
        w.WriteNumber("num_paths", watches.Select(d => d.Path).Distinct().Count());
        w.WriteNumber("num_total_watches", watches.Count);
    }

    public static void BySession(Utf8JsonWriter w, IReadOnlyList<DataWatch> watches)
    {
        w.WriteStartObject("session_id_to_watched_paths");
        foreach (var group in watches.GroupBy(d => d.SessionId))
        {
            Strings(w, Key(group.Key), group.Select(d => d.Path).ToList());
        }

        w.WriteEndObject();
    }

    public static void ByPath(Utf8JsonWriter w, IReadOnlyList<DataWatch> watches)
    {
        w.WriteStartObject("path_to_session_ids");
        foreach (var group in watches.GroupBy(d => d.Path, StringComparer.Ordinal))
        {
            Ids(w, group.Key, group.Select(d => d.SessionId).ToList());
        }

        w.WriteEndObject();
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static void Ids(Utf8JsonWriter w, string key, IReadOnlyList<long> ids)
    {
        w.WriteStartArray(key);
        foreach (var id in ids) w.WriteNumberValue(id);
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string key, IReadOnlyList<string> values)
    {
        w.WriteStartArray(key);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
