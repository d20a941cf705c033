namespace Keeper.Server.Hosting;

/// <summary>Answers four-letter words from the live server's state (taken on the sequencer thread).</summary>
internal sealed class FourLetterWordService(KeeperServer server)
{
    public Task<string> RunAsync(string word, byte[] argument, Network.ClientConnection connection) =>
        Task.FromResult(word == "ruok" ? "imok" : server.Config.TickTime.ToString());
}
