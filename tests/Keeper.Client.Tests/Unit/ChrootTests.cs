using Keeper.Client.Connection;

namespace Keeper.Client.Tests.Unit;

public class ChrootPathTests
{
    private readonly Chroot _chroot = new("/app");

    [Fact]
    public void Prepend_puts_the_chroot_before_the_client_path() => Assert.Equal("/app/a/b", _chroot.Prepend("/a/b"));

    [Fact]
    public void Prepend_maps_the_client_root_to_the_chroot_node() => Assert.Equal("/app", _chroot.Prepend("/"));

    [Fact]
    public void Strip_removes_the_chroot() => Assert.Equal("/a", _chroot.Strip("/app/a"));

    [Fact]
    public void Strip_maps_the_chroot_node_to_the_client_root() => Assert.Equal("/", _chroot.Strip("/app"));

    [Fact]
    public void Strip_leaves_a_sibling_with_the_same_prefix_alone() => Assert.Equal("/application", _chroot.Strip("/application"));

    [Fact]
    public void Without_a_chroot_paths_pass_unchanged()
    {
        var none = new Chroot(null);
        Assert.Equal("/a", none.Prepend("/a"));
        Assert.Equal("/a", none.Strip("/a"));
    }
}
