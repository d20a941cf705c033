using Keeper.Protocol;
using Keeper.Server.Pipeline;
using Keeper.Server.Quorum;

namespace Keeper.Server.Tests.ReadOnly;

public sealed class ReadOnlyRulesTests
{
    // ZooKeeper 3.8's ReadOnlyRequestProcessor answers these NotReadOnly (createSession/closeSession only when global,
    // which a read-only server never makes).
    private static readonly OpCode[] Refused =
    [
        OpCode.Sync, OpCode.Create, OpCode.Create2, OpCode.CreateTtl, OpCode.CreateContainer, OpCode.Delete,
        OpCode.DeleteContainer, OpCode.SetData, OpCode.Reconfig, OpCode.SetAcl, OpCode.Multi, OpCode.Check,
    ];

    [Fact]
    public void Writes_sync_multi_and_reconfig_are_refused()
    {
        foreach (var op in Refused) Assert.True(ReadOnlyRules.IsRefused(op), op.ToString());
    }

    [Fact]
    public void Reads_multiRead_watches_and_auth_run_as_usual()
    {
        var served = Enum.GetValues<OpCode>().Except(Refused).ToList();
        Assert.Contains(OpCode.MultiRead, served);
        foreach (var op in served) Assert.False(ReadOnlyRules.IsRefused(op), op.ToString());
    }

    [Theory]
    [InlineData(500, 2000)]
    [InlineData(2000, 2000)]
    [InlineData(3000, 3000)]
    public void The_delay_before_serving_read_only_is_at_least_two_seconds_or_one_tick(int tickTime, long delay) =>
        Assert.Equal(delay, ReadOnlyRules.Delay(tickTime));

    [Fact]
    public void Quorum_settings_carry_the_readonlymode_enabled_key()
    {
        Assert.False(QuorumSettings.From(Config.ZooCfg.Parse(Config.ZooCfg.Tutorial, myId: "1")).ReadOnlyModeEnabled);
        Assert.True(QuorumSettings.From(Config.ZooCfg.Parse(Config.ZooCfg.Tutorial + "\nreadonlymode.enabled=true\n", myId: "1")).ReadOnlyModeEnabled);
    }
}
