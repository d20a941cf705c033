using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class WatchTextTests
{
    private const long A = 0x100000635130000;
    private const long B = 0x100000635130001;

    [Fact]
    public void Wchs_with_no_watches_says_zero()
    {
        Assert.Equal(ApacheSamples.FreshWchs, FourLetterWordHandler.Run("wchs", new ServerStateSnapshot()));
    }

    [Fact]
    public void Wchc_and_wchp_with_no_watches_print_one_empty_line()
    {
        Assert.Equal(ApacheSamples.FreshWchc, FourLetterWordHandler.Run("wchc", new ServerStateSnapshot()));
        Assert.Equal("\n", FourLetterWordHandler.Run("wchp", new ServerStateSnapshot()));
    }

    [Fact]
    public void Wchs_counts_watching_sessions_watched_paths_and_watches()
    {
        var snapshot = new ServerStateSnapshot
        {
            DataWatches = [new("/app", A), new("/nothere", A), new("/app/e1", B), new("/app", B)],
        };

        Assert.Equal(ApacheSamples.BusyWchs, FourLetterWordHandler.Run("wchs", snapshot));
    }

    [Fact]
    public void Wchc_groups_watched_paths_under_each_session()
    {
        var snapshot = new ServerStateSnapshot
        {
            DataWatches = [new("/app", A), new("/nothere", A), new("/app/e1", B), new("/app", B)],
        };

        Assert.Equal(ApacheSamples.BusyWchc, FourLetterWordHandler.Run("wchc", snapshot));
    }

    [Fact]
    public void Wchp_groups_watching_sessions_under_each_path()
    {
        var snapshot = new ServerStateSnapshot
        {
            DataWatches = [new("/app/e1", B), new("/app", A), new("/app", B), new("/nothere", A)],
        };

        Assert.Equal(ApacheSamples.BusyWchp, FourLetterWordHandler.Run("wchp", snapshot));
    }

    [Fact]
    public void A_repeated_watch_counts_once()
    {
        var snapshot = new ServerStateSnapshot { DataWatches = [new("/a", 1), new("/a", 1)] };

        Assert.Equal("1 connections watching 1 paths\nTotal watches:1\n", FourLetterWordHandler.Run("wchs", snapshot));
    }
}
