using Keeper.Server.Config;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class FourLetterWordWhitelistTests
{
    [Fact]
    public void Without_the_key_only_srvr_and_ruok_run()
    {
        var whitelist = FourLetterWordWhitelist.Parse(null, readOnlyModeEnabled: false);

        Assert.Equal(["ruok", "srvr"], whitelist.Enabled.Order());
    }

    [Fact]
    public void Read_only_mode_adds_isro()
    {
        var whitelist = FourLetterWordWhitelist.Parse(null, readOnlyModeEnabled: true);

        Assert.True(whitelist.IsEnabled("isro"));
    }

    [Fact]
    public void A_star_enables_every_known_word()
    {
        var whitelist = FourLetterWordWhitelist.Parse("*", readOnlyModeEnabled: false);

        Assert.All(FourLetterWordCodes.All, word => Assert.True(whitelist.IsEnabled(word)));
    }

    [Fact]
    public void An_explicit_list_is_trimmed_and_always_gets_srvr()
    {
        var whitelist = FourLetterWordWhitelist.Parse(" stat , mntr,, ", readOnlyModeEnabled: false);

        Assert.Equal(["mntr", "srvr", "stat"], whitelist.Enabled.Order());
    }

    [Fact]
    public void An_explicit_list_without_ruok_disables_ruok_as_in_apache()
    {
        var whitelist = FourLetterWordWhitelist.Parse("stat", readOnlyModeEnabled: false);

        Assert.False(whitelist.IsEnabled("ruok"));
    }

    [Fact]
    public void The_whitelist_comes_from_the_config()
    {
        var config = new ServerConfig { FourLetterWordWhitelist = "conf", ReadOnlyModeEnabled = true };

        Assert.Equal(["conf", "isro", "srvr"], FourLetterWordWhitelist.FromConfig(config).Enabled.Order());
    }
}
