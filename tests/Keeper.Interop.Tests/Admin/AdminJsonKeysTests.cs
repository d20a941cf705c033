using System.Globalization;
using System.Text.Json;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Admin;

/// <summary>
/// The admin server's JSON against a live Apache ZooKeeper 3.8 (Debian's jars with its Jetty): for each command the
/// same key paths (nested objects followed, the first element standing for an array), each side on fresh state.
/// </summary>
public sealed class AdminJsonKeysTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("ruok")]
    [InlineData("server_stats")]
    [InlineData("stats")]
    [InlineData("monitor")]
    [InlineData("configuration")]
    [InlineData("environment")]
    [InlineData("connections")]
    [InlineData("dump")]
    [InlineData("watch_summary")]
    [InlineData("watches")]
    [InlineData("watches_by_path")]
    [InlineData("is_read_only")]
    [InlineData("dirs")]
    [InlineData("get_trace_mask")]
    [InlineData("mntr")]
    [InlineData("no_such_command")]
    public async Task A_command_answers_with_apaches_keys(string command)
    {
        var apache = await KeysAsync(ServerKinds.Apache, command);
        var ours = await KeysAsync(ServerKinds.Keeper, command);

        Assert.Equal(apache, ours);
    }

    private static async Task<List<string>> KeysAsync(string kind, string command)
    {
        int adminPort = FreePort.Next();
        await using var server = await ServerKinds.StartAsync(kind, new Dictionary<string, string>
        {
            ["admin.enableServer"] = "true",
            ["admin.serverAddress"] = "127.0.0.1",
            ["admin.serverPort"] = adminPort.ToString(CultureInfo.InvariantCulture),
        });
        var body = await Http.GetStringAsync($"http://127.0.0.1:{adminPort}/commands/{command}");
        var keys = new List<string>();
        Collect(JsonDocument.Parse(body).RootElement, "", keys);
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    private static void Collect(JsonElement e, string prefix, List<string> keys)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                keys.Add(prefix + p.Name + ":" + Kind(p.Value));
                Collect(p.Value, prefix + p.Name + ".", keys);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
        {
            Collect(e[0], prefix + "[].", keys);
        }
    }

    // Numbers and strings must agree too: a client reading "avg_latency" as a double must get one.
    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetRawText().Contains('.') ? "double" : "long",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };
}
