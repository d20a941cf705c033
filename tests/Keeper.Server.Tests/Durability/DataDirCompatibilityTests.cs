using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Server.Tests.Durability;

/// <summary>
/// Our data dir and Apache ZooKeeper 3.8's are interchangeable: each server, started on a data dir the
/// other wrote (snapshots, txn logs, a live session's ephemeral), serves exactly the same tree.
/// </summary>
public sealed class DataDirCompatibilityTests
{
    // Small snapCount: the data dir then holds several snapshots and logs, not just one log.
    private static readonly Dictionary<string, string> Config = new() { ["snapCount"] = "40" };

    [Fact]
    public async Task Apache_serves_the_tree_our_server_wrote()
    {
        await using var ours = await KeeperServer.StartAsync(Config);
        await using var apache = await ApacheZooKeeper.StartAsync(Config);
        await MoveDataDirAsync(ours, apache);
    }

    [Fact]
    public async Task Our_server_serves_the_tree_Apache_wrote()
    {
        await using var apache = await ApacheZooKeeper.StartAsync(Config);
        await using var ours = await KeeperServer.StartAsync(Config);
        await MoveDataDirAsync(apache, ours);
    }

    /// <summary>Populates <paramref name="from"/>, kills it, and starts <paramref name="to"/> on a copy of its data dir.</summary>
    private static async Task MoveDataDirAsync(TestServer from, TestServer to)
    {
        await using (var client = await Connect(from))
        {
            await Populate(client);
            await from.StopAsync(); // killed with its session open: the ephemeral must come back with it
        }
        await from.RestartAsync();
        string expected;
        await using (var client = await Connect(from)) expected = await DumpAsync(client);
        await from.StopAsync();

        await to.StopAsync();
        var target = Path.Combine(to.DataDir, "version-2");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        CopyDirectory(Path.Combine(from.DataDir, "version-2"), target);
        await to.RestartAsync();
        await using (var client = await Connect(to))
            Assert.Equal(expected, await DumpAsync(client));
    }

    private static async Task Populate(ZooKeeperClient client)
    {
        var bob = new Id("digest", Core.Auth.DigestAuth.Digest("bob:secret"));
        await client.AddAuthAsync("digest", "bob:secret"u8.ToArray());
        await client.CreateAsync("/app", "root"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Persistent);
        for (int i = 0; i < 60; i++)
            await client.CreateAsync("/app/item-", Encoding.UTF8.GetBytes($"value {i}"), Acls.OpenAclUnsafe, CreateMode.PersistentSequential);
        for (int i = 0; i < 60; i += 3) await client.DeleteAsync($"/app/item-{i:D10}");
        for (int i = 1; i < 60; i += 3) await client.SetDataAsync($"/app/item-{i:D10}", null);
        await client.CreateAsync("/secret", [], [new Acl(Perms.All, bob)], CreateMode.Persistent);
        await client.CreateAsync("/readonly", null, Acls.ReadAclUnsafe, CreateMode.Persistent);
        await client.CreateAsync("/eph", "mine"u8.ToArray(), Acls.OpenAclUnsafe, CreateMode.Ephemeral);
        await client.CreateContainerAsync("/container", null, Acls.OpenAclUnsafe);
        await client.CreateAsync("/container/child", null, Acls.OpenAclUnsafe, CreateMode.Persistent);
        await client.MultiAsync([Ops.Create("/m1", [1], Acls.OpenAclUnsafe, CreateMode.Persistent), Ops.SetData("/app", [2])]);
        await client.SetAclAsync("/app", [new Acl(Perms.Read | Perms.Write | Perms.Create | Perms.Delete | Perms.Admin, Id.Anyone)]);
    }

    /// <summary>Every node with its data, full stat and ACL, in path order.</summary>
    private static async Task<string> DumpAsync(ZooKeeperClient client)
    {
        await client.AddAuthAsync("digest", "bob:secret"u8.ToArray());
        var text = new StringBuilder();
        var pending = new Stack<string>();
        pending.Push("/");
        var paths = new List<string>();
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            paths.Add(path);
            foreach (var child in await client.GetChildrenAsync(path))
                pending.Push(path == "/" ? "/" + child : path + "/" + child);
        }
        paths.Sort(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var (data, stat) = await client.GetDataAsync(path);
            var (acl, _) = await client.GetAclAsync(path);
            text.Append(path).Append(' ').Append(data is null ? "null" : Convert.ToHexString(data)).Append(' ')
                .Append(stat).Append(' ').AppendJoin(",", acl.Select(a => $"{(int)a.Perms}:{a.Id}")).Append('\n');
        }
        return text.ToString();
    }

    private static Task<ZooKeeperClient> Connect(ITestServer server) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString, ConnectTimeout = TimeSpan.FromSeconds(20) });

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
