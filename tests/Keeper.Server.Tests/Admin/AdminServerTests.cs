using System.Text;
using System.Text.Json;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Admin;

/// <summary>The HTTP admin server (Apache 3.8's AdminServer): command listing, JSON answers, bad input.</summary>
public sealed class AdminServerTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private int Port => fixture.AdminPort;

    [Fact]
    public async Task Get_commands_ruok_returns_the_command_and_a_null_error()
    {
        var json = await AdminHttp.CommandAsync(Port, "ruok");

        Assert.Equal(["command", "error"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ruok", JsonValueKind.Null), (json.GetProperty("command").GetString(), json.GetProperty("error").ValueKind));
    }

    [Fact]
    public async Task The_command_url_lists_a_link_per_command()
    {
        var (status, _, body) = await AdminHttp.GetAsync(Port, "/commands");

        Assert.Equal(200, status);
        foreach (var name in new[] { "ruok", "monitor", "server_stats", "stats", "configuration", "environment", "connections", "dump", "watch_summary", "is_read_only", "dirs" })
        {
            Assert.Contains($"<a href=\"/commands/{name}\">{name}</a>", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_four_letter_word_is_an_alias_of_its_command()
    {
        var json = await AdminHttp.CommandAsync(Port, "srvr");

        Assert.Equal("server_stats", json.GetProperty("command").GetString());
        Assert.Equal("standalone", json.GetProperty("server_stats").GetProperty("server_state").GetString());
    }

    [Fact]
    public async Task Monitor_numbers_match_the_mntr_word()
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = fixture.Server.ConnectString });
        await client.CreateAsync("/mntr-" + Guid.NewGuid().ToString("N"), [], Acls.OpenAclUnsafe, CreateMode.Ephemeral);

        var text = await Keeper.TestSupport.FourLetterWords.SendAsync(fixture.Server.Port, "mntr");
        var json = await AdminHttp.CommandAsync(Port, "monitor");

        var mntr = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))
            .ToDictionary(p => p[0]["zk_".Length..], p => p[1]);
        Assert.Equal(mntr.Keys.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Except(["command", "error"]).Order(StringComparer.Ordinal));
        // The values that cannot move between the two requests (the probe's own connection and packets can).
        foreach (var key in new[] { "version", "server_state", "znode_count", "ephemerals_count", "approximate_data_size", "watch_count", "global_sessions", "cnt_fsynctime" })
        {
            var value = json.GetProperty(key);
            Assert.Equal(mntr[key], value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
        }

        Assert.Equal(JsonValueKind.Number, json.GetProperty("avg_latency").ValueKind);
        Assert.Contains(".", json.GetProperty("avg_latency").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_gives_apaches_error_json_with_status_200()
    {
        var (status, type, body) = await AdminHttp.GetAsync(Port, "/commands/nosuch");

        Assert.Equal((200, "application/json"), (status, type));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("nosuch", "Unknown command: nosuch"), (json.GetProperty("command").GetString(), json.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_path_outside_the_command_url_is_not_found()
    {
        Assert.Equal(404, (await AdminHttp.GetAsync(Port, "/elsewhere")).Status);
    }

    [Fact]
    public async Task Garbage_requests_get_an_error_status_and_the_server_keeps_serving()
    {
        var garbage = await AdminHttp.RawAsync(Port, "\x16\x03\x01\x02\0\x01\0\x01\xfc\x03\x03\r\n\r\n"u8.ToArray());
        var oversized = await AdminHttp.RawAsync(Port, Encoding.ASCII.GetBytes("GET /" + new string('a', 40_000) + " HTTP/1.1\r\n\r\n"));
        var post = await AdminHttp.RawAsync(Port, "POST /commands/ruok HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await AdminHttp.RawAsync(Port, []);

        Assert.StartsWith("HTTP/1.1 400 ", garbage, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", oversized, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405 ", post, StringComparison.Ordinal);
        Assert.Equal("ruok", (await AdminHttp.CommandAsync(Port, "ruok")).GetProperty("command").GetString());
        Assert.Equal("imok", await Keeper.TestSupport.FourLetterWords.SendAsync(fixture.Server.Port, "ruok"));
    }

    [Fact]
    public async Task Stats_lists_the_client_connections()
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = fixture.Server.ConnectString });
        await client.ExistsAsync("/");

        var json = await AdminHttp.CommandAsync(Port, "connections");

        var connections = json.GetProperty("connections").EnumerateArray().ToList();
        Assert.Contains(connections, c => c.TryGetProperty("session_id", out var id) && id.GetInt64() == client.SessionId);
        Assert.Equal(0, json.GetProperty("secure_connections").GetArrayLength());
    }
}
