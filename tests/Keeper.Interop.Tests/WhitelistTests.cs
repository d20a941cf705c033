using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

/// <summary>
/// Servers started without <c>4lw.commands.whitelist</c> and without <c>extendedTypesEnabled</c>,
/// i.e. with ZooKeeper's defaults: only srvr is whitelisted and TTL nodes are off.
/// </summary>
public sealed class DefaultsFixture : ServerFixture
{
    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>
    {
        ["4lw.commands.whitelist"] = "",
        ["extendedTypesEnabled"] = "",
    };
}

/// <summary>
/// What each server does with its default settings. One deliberate difference: our default whitelist
/// also enables ruok, because the tutorial's liveness and readiness probe sends it (README, Configuration).
/// </summary>
public sealed class DefaultSettingsTests(DefaultsFixture fixture) : IClassFixture<DefaultsFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_word_outside_the_default_whitelist_is_refused_with_the_whitelist_message(string kind)
    {
        var server = await fixture.ServerAsync(kind);

        Assert.Equal("stat is not executed because it is not in the whitelist.\n", await FourLetterWords.SendAsync(server.Port, "stat", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Ruok_is_refused_by_apache_by_default_and_answered_by_keeper_for_the_probe(string kind)
    {
        var server = await fixture.ServerAsync(kind);

        var expected = kind == ServerKinds.Apache ? "ruok is not executed because it is not in the whitelist.\n" : "imok";
        Assert.Equal(expected, await FourLetterWords.SendAsync(server.Port, "ruok", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Srvr_is_always_whitelisted(string kind)
    {
        var server = await fixture.ServerAsync(kind);

        var srvr = await FourLetterWords.SendAsync(server.Port, "srvr", Timeout);

        Assert.StartsWith("Zookeeper version: ", srvr);
        Assert.Contains("\nMode: standalone\n", srvr);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_ttl_create_fails_with_Unimplemented_when_extended_types_are_off(string kind)
    {
        var server = await fixture.ServerAsync(kind);

        var result = await ZkCli.OneShotAsync(server, ["create", "-t", "10000", "/ttl-off", "x"]);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("KeeperErrorCode = Unimplemented for /ttl-off", ZkCli.Clean(result.StdOut, server.Port).TrimEnd('\n'));
    }
}

/// <summary>
/// The whitelist given both ways: <c>-Dzookeeper.4lw.commands.whitelist=ruok</c> and zoo.cfg's
/// <c>4lw.commands.whitelist=srvr,stat,ruok</c>. ZooKeeper writes zoo.cfg's keys over the system properties, so the file wins.
/// </summary>
public sealed class WhitelistGivenTwiceFixture : ServerFixture
{
    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>
    {
        ["4lw.commands.whitelist"] = "srvr,stat,ruok",
    };

    protected override string[]? JvmProperties => ["zookeeper.4lw.commands.whitelist=ruok"];
}

public sealed class WhitelistGivenTwiceTests(WhitelistGivenTwiceFixture fixture) : IClassFixture<WhitelistGivenTwiceFixture>
{
    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_zoo_cfg_key_wins_over_the_same_setting_given_as_a_system_property(string kind)
    {
        var server = await fixture.ServerAsync(kind);

        var stat = await FourLetterWords.SendAsync(server.Port, "stat", TimeSpan.FromSeconds(10));

        Assert.StartsWith("Zookeeper version: ", stat);
        Assert.Equal("imok", await FourLetterWords.SendAsync(server.Port, "ruok", TimeSpan.FromSeconds(10)));
        Assert.Equal("dump is not executed because it is not in the whitelist.\n",
            await FourLetterWords.SendAsync(server.Port, "dump", TimeSpan.FromSeconds(10)));
    }
}
