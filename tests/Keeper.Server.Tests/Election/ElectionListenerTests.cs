using System.Net;
using System.Net.Sockets;
using Keeper.Server.Election;
using static Keeper.Server.Tests.Election.ElectionCluster;

namespace Keeper.Server.Tests.Election;

/// <summary>Binding the election port: the configured host or all IPs, and electionPortBindRetry.</summary>
public sealed class ElectionListenerTests
{
    [Fact]
    public async Task It_binds_the_configured_host_only()
    {
        var addresses = new Dictionary<long, DnsEndPoint> { [1] = new("127.0.0.3", Keeper.TestSupport.FreePort.Next()) };
        await using var cluster = new ElectionCluster(addresses);
        var one = await cluster.StartAsync(1);
        var bound = await one.Network.Listening;
        Assert.Equal(IPAddress.Parse("127.0.0.3"), bound.Address);
    }

    [Fact]
    public async Task ListenOnAllIPs_binds_the_wildcard()
    {
        await using var cluster = new ElectionCluster(1);
        var one = await cluster.StartAsync(1, options: FastOptions with { ListenOnAllIPs = true });
        var bound = await one.Network.Listening;
        Assert.Equal(IPAddress.Any, bound.Address);
        Assert.Equal(cluster.Addresses[1].Port, bound.Port);
    }

    [Fact]
    public async Task A_taken_port_is_retried_then_given_up_after_the_retry_limit()
    {
        await using var cluster = new ElectionCluster(1);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, cluster.Addresses[1].Port));
        squatter.Listen();

        var one = await cluster.StartAsync(1, start: false, options: FastOptions with { BindRetryLimit = 2 });
        one.Network.Start();

        var failure = await Assert.ThrowsAsync<IOException>(() => one.Network.Listening.WaitAsync(Patience));
        Assert.Contains("after 2 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Leaving listener thread for address", one.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_freed_during_the_retries_is_bound()
    {
        await using var cluster = new ElectionCluster(1);
        var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, cluster.Addresses[1].Port));
        squatter.Listen();

        var one = await cluster.StartAsync(1, start: false, options: FastOptions with { BindRetryLimit = 0, BindRetryDelay = TimeSpan.FromMilliseconds(200) });
        one.Network.Start();
        await Task.Delay(500);
        Assert.False(one.Network.Listening.IsCompleted);
        squatter.Dispose();

        var bound = await one.Network.Listening.WaitAsync(Patience);
        Assert.Equal(cluster.Addresses[1].Port, bound.Port);
    }
}
