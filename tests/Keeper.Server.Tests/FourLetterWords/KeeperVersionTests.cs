using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class KeeperVersionTests
{
    [Fact]
    public void The_version_line_has_apaches_shape_with_keeper_in_place_of_the_git_hash()
    {
        Assert.Equal("3.8.4-keeper, built on 2026-11-24 05:37 UTC", KeeperVersion.Describe(new DateTime(2026, 11, 24, 5, 37, 59, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_running_version_matches_the_pattern_tools_parse()
    {
        Assert.Matches(@"^3\.8\.4-keeper, built on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", KeeperVersion.Full);
    }
}
