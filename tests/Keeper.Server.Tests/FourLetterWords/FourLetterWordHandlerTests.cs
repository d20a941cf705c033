using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class FourLetterWordHandlerTests
{
    private static readonly ServerStateSnapshot Serving = new();
    private static readonly ServerStateSnapshot NotServing = new() { IsServing = false };
    private static readonly FourLetterWordWhitelist All = FourLetterWordWhitelist.Parse("*", readOnlyModeEnabled: false);

    [Fact]
    public void Ruok_answers_imok_without_a_newline()
    {
        Assert.Equal("imok", FourLetterWordHandler.Run("ruok", Serving));
    }

    [Fact]
    public void Ruok_answers_even_when_the_server_is_not_serving()
    {
        Assert.Equal("imok", FourLetterWordHandler.Run("ruok", NotServing));
    }

    [Theory]
    [InlineData("srvr")]
    [InlineData("stat")]
    [InlineData("cons")]
    [InlineData("conf")]
    [InlineData("dump")]
    [InlineData("wchs")]
    [InlineData("wchc")]
    [InlineData("wchp")]
    [InlineData("mntr")]
    [InlineData("dirs")]
    [InlineData("srst")]
    [InlineData("crst")]
    public void Words_that_need_a_running_server_say_it_is_not_serving(string word)
    {
        Assert.Equal("This ZooKeeper instance is not currently serving requests\n", FourLetterWordHandler.Run(word, NotServing));
    }

    [Fact]
    public void Envi_answers_even_when_the_server_is_not_serving()
    {
        Assert.StartsWith("Environment:\n", FourLetterWordHandler.Run("envi", NotServing));
    }

    [Theory]
    [InlineData(true, false, "rw")]
    [InlineData(true, true, "ro")]
    [InlineData(false, false, "null")]
    public void Isro_says_rw_ro_or_null(bool serving, bool readOnly, string expected)
    {
        Assert.Equal(expected, FourLetterWordHandler.Run("isro", new ServerStateSnapshot { IsServing = serving, IsReadOnly = readOnly }));
    }

    [Fact]
    public void Gtmk_prints_the_trace_mask_in_decimal_without_a_newline()
    {
        Assert.Equal("306", FourLetterWordHandler.Run("gtmk", Serving));
    }

    [Fact]
    public void Stmk_echoes_the_new_mask()
    {
        Assert.Equal("255", FourLetterWordHandler.Run("stmk", Serving, traceMask: 255));
    }

    [Fact]
    public void Srst_and_crst_confirm_the_reset()
    {
        Assert.Equal("Server stats reset.\n", FourLetterWordHandler.Run("srst", Serving));
        Assert.Equal("Connection stats reset.\n", FourLetterWordHandler.Run("crst", Serving));
    }

    [Fact]
    public void Hash_prints_each_digest_with_its_zxid_in_hex()
    {
        var snapshot = new ServerStateSnapshot { DigestLog = [new ZxidDigest(0x100000002, 1234567890123)] };

        Assert.Equal("100000002: 1234567890123\n", FourLetterWordHandler.Run("hash", snapshot));
    }

    [Fact]
    public void Hash_on_a_server_not_serving_prints_the_notice_without_a_newline()
    {
        Assert.Equal(FourLetterWordHandler.NotServing, FourLetterWordHandler.Run("hash", NotServing));
    }

    [Fact]
    public void An_unlisted_word_gets_the_whitelist_notice()
    {
        var whitelist = FourLetterWordWhitelist.Parse("ruok, stat", readOnlyModeEnabled: false);

        var text = FourLetterWordHandler.Execute("mntr", Serving, whitelist, new RecordingEffects());

        Assert.Equal("mntr is not executed because it is not in the whitelist.\n", text);
    }

    [Fact]
    public void Execute_resets_server_stats_for_srst()
    {
        var effects = new RecordingEffects();

        FourLetterWordHandler.Execute("srst", Serving, All, effects);

        Assert.Equal(["ResetServerStats"], effects.Calls);
    }

    [Fact]
    public void Execute_resets_connection_stats_for_crst()
    {
        var effects = new RecordingEffects();

        FourLetterWordHandler.Execute("crst", Serving, All, effects);

        Assert.Equal(["ResetConnectionStats"], effects.Calls);
    }

    [Fact]
    public void Execute_does_not_reset_anything_while_not_serving()
    {
        var effects = new RecordingEffects();

        FourLetterWordHandler.Execute("srst", NotServing, All, effects);

        Assert.Empty(effects.Calls);
    }

    [Fact]
    public void Execute_sets_the_trace_mask_for_stmk()
    {
        var effects = new RecordingEffects();

        var text = FourLetterWordHandler.Execute("stmk", Serving, All, effects, traceMask: 0x1ff);

        Assert.Equal(("SetTraceMask:511", "511"), (effects.Calls.Single(), text));
    }

    [Fact]
    public void Execute_does_not_run_side_effects_for_an_unlisted_word()
    {
        var effects = new RecordingEffects();

        FourLetterWordHandler.Execute("srst", Serving, FourLetterWordWhitelist.Parse(null, false), effects);

        Assert.Empty(effects.Calls);
    }

    [Fact]
    public void Telnet_close_produces_no_output()
    {
        Assert.Equal("", FourLetterWordHandler.Run(FourLetterWordCodes.TelnetClose, Serving));
    }

    [Fact]
    public void An_unknown_word_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => FourLetterWordHandler.Run("abcd", Serving));
    }

    [Theory]
    [InlineData("ruok", "None")]
    [InlineData("srvr", "None")]
    [InlineData("stat", "Connections")]
    [InlineData("dump", "Dump")]
    [InlineData("wchp", "Watches")]
    [InlineData("mntr", "Monitor")]
    public void Each_word_names_the_costly_parts_it_reads(string word, string parts)
    {
        Assert.Equal(Enum.Parse<SnapshotParts>(parts), FourLetterWordHandler.PartsNeeded(word));
    }

    private sealed class RecordingEffects : IFourLetterWordEffects
    {
        public List<string> Calls { get; } = [];

        public void ResetServerStats() => Calls.Add("ResetServerStats");

        public void ResetConnectionStats() => Calls.Add("ResetConnectionStats");

        public void SetTraceMask(long mask) => Calls.Add($"SetTraceMask:{mask}");
    }
}
