using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

/// <summary>
/// A server killed by PID and started again on the same data dir (the way a crashed pod comes
/// back) still has what it acknowledged. Each case starts its own server, since it restarts it.
/// The "keeper" case fails until our server exists; that is expected.
/// </summary>
public sealed class RestartTests
{
    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task An_acknowledged_node_survives_a_kill_and_restart_on_the_same_data_dir(string kind)
    {
        await using var server = (TestServer)await ServerKinds.StartAsync(kind);
        var create = await ZkCli.OneShotAsync(server, ["create", "/durable", "kept"]);
        Assert.True(create.ExitCode == 0, create.ToString());

        await server.RestartAsync();
        var get = await ZkCli.OneShotAsync(server, ["get", "/durable"]);

        Assert.True(get.ExitCode == 0, get + server.Diagnostics());
        Assert.Equal("kept", ZkCli.Clean(get.StdOut, server.Port).TrimEnd('\n').Split('\n')[^1]);
    }
}
