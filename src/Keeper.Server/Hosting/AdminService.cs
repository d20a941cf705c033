using System.Net;
using System.Text;
using Keeper.Server.Admin;
using Keeper.Server.FourLetterWords;
using Keeper.Server.Logging;

namespace Keeper.Server.Hosting;

/// <summary>
/// The admin server (Apache's Jetty AdminServer): <c>GET {admin.commandURL}</c> lists the commands,
/// <c>GET {admin.commandURL}/&lt;name&gt;</c> runs one and answers JSON. The four-letter-word whitelist does not
/// apply here, as in Apache. Commands read the same snapshot the four-letter words read.
/// </summary>
internal sealed class AdminService : IAsyncDisposable
{
    private static readonly Logger Log = Logging.Log.For<AdminService>();

    private readonly FourLetterWordService _words;
    private readonly string _commandUrl;
    private readonly MiniHttpServer _http;

    public AdminService(FourLetterWordService words, IPEndPoint endPoint, string commandUrl)
    {
        _words = words;
        _commandUrl = commandUrl == "/" ? "" : commandUrl;
        _http = new MiniHttpServer(endPoint, HandleAsync, Log);
    }

    public IPEndPoint LocalEndPoint => _http.LocalEndPoint;

    /// <summary>Binds the port; throws <see cref="System.Net.Sockets.SocketException"/> when it cannot.</summary>
    public void Start()
    {
        _http.Start();
        Log.Info($"Started AdminServer on address {LocalEndPoint.Address}, port {LocalEndPoint.Port} and command URL {_commandUrl}");
    }

    private async Task<HttpReply> HandleAsync(HttpRequestLine request)
    {
        var path = request.Path;
        if (path == _commandUrl || path == _commandUrl + "/")
        {
            return HttpReply.Html(Listing());
        }

        if (!path.StartsWith(_commandUrl + "/", StringComparison.Ordinal))
        {
            return HttpReply.Error(404, "not found");
        }

        var name = path[(_commandUrl.Length + 1)..].TrimEnd('/');
        if (AdminCommands.Find(name) is not { } command)
        {
            return HttpReply.Json(AdminJson.UnknownCommand(name));
        }

        return HttpReply.Json(await RunAsync(command).ConfigureAwait(false));
    }

    private async Task<byte[]> RunAsync(AdminCommand command)
    {
        var parts = FourLetterWordHandler.PartsNeeded(command.Word);
        // The JSON stats carry the directory sizes and the uptime and response sizes, which srvr's text leaves out.
        if (command.Word is "srvr" or "stat") parts |= SnapshotParts.Conf | SnapshotParts.Monitor;
        var snapshot = command.Word == "ruok" ? new ServerStateSnapshot() : await _words.CaptureAsync(parts).ConfigureAwait(false);
        if (command.Word == "srst") _words.ResetServerStats();
        if (command.Word == "crst") _words.ResetConnectionStats();
        return AdminJson.Render(command, snapshot);
    }

    private string Listing()
    {
        var sb = new StringBuilder();
        foreach (var c in AdminCommands.All)
        {
            sb.Append("<a href=\"").Append(_commandUrl).Append('/').Append(c.Name).Append("\">").Append(c.Name).Append("</a>\n<br/>\n");
        }

        return sb.ToString();
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
