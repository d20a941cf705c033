using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Keeper.Server.Tests.Admin;

/// <summary>Bounded HTTP calls to a test server's admin and metrics ports on 127.0.0.1.</summary>
internal static class AdminHttp
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<(int Status, string ContentType, string Body)> GetAsync(int port, string path)
    {
        using var response = await Client.GetAsync($"http://127.0.0.1:{port}{path}");
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> CommandAsync(int port, string name)
    {
        var (status, type, body) = await GetAsync(port, "/commands/" + name);
        Assert.True(status == 200 && type == "application/json", $"{status} {type}\n{body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Sends raw bytes and returns whatever comes back before the server closes (or 10 s pass).</summary>
    public static async Task<string> RawAsync(int port, byte[] request)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, cts.Token);
        await socket.SendAsync(request, cts.Token);
        socket.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        for (int i = 0; i < 1000; i++)
        {
            int n = await socket.ReceiveAsync(buffer, cts.Token);
            if (n == 0) break;
            received.Write(buffer, 0, n);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>The value of an unlabelled sample in Prometheus text, e.g. <c>znode_count 5</c>.</summary>
    public static double Sample(string exposition, string name)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no {name} sample in:\n{exposition}");
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
