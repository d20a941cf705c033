using Keeper.Client.Connection;

namespace Keeper.Client.Tests.Unit;

public class ConnectStringTests
{
    [Fact]
    public void Hosts_are_split_on_commas_with_their_ports()
    {
        var cs = ConnectString.Parse("a:1,b:2");
        Assert.Equal([new HostAddress("a", 1), new HostAddress("b", 2)], cs.Hosts);
        Assert.Null(cs.Chroot);
    }

    [Fact]
    public void A_host_without_a_port_gets_2181()
    {
        Assert.Equal(new HostAddress("zk", 2181), ConnectString.Parse("zk").Hosts.Single());
    }

    [Fact]
    public void The_chroot_starts_at_the_first_slash()
    {
        var cs = ConnectString.Parse("a:1,b:2/app/x");
        Assert.Equal("/app/x", cs.Chroot);
        Assert.Equal(2, cs.Hosts.Count);
    }

    [Fact]
    public void A_chroot_of_slash_means_no_chroot()
    {
        Assert.Null(ConnectString.Parse("a:1/").Chroot);
    }

    [Fact]
    public void A_chroot_ending_in_slash_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ConnectString.Parse("a:1/app/"));
    }

    [Fact]
    public void Bracketed_IPv6_literals_keep_their_colons()
    {
        Assert.Equal(new HostAddress("::1", 2182), ConnectString.Parse("[::1]:2182").Hosts.Single());
    }

    [Theory]
    [InlineData("a:0")]
    [InlineData("a:x")]
    [InlineData("a:70000")]
    [InlineData(",")]
    public void Bad_hosts_are_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => ConnectString.Parse(text));
    }
}
