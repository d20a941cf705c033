using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Client.Tests.Support;

/// <summary>
/// Shared by the tests against Apache ZooKeeper: each test works under its own root node, and every
/// client and proxy it makes is closed afterwards (bounded).
/// </summary>
[Collection(ZooKeeperCollection.Name)]
public abstract class ClientTestBase(ZooKeeperFixture fixture) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    protected Keeper.TestSupport.ApacheZooKeeper Server => fixture.Server;

    /// <summary>This test's own node, created before the test runs.</summary>
    protected string Root { get; } = "/t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A client with no watcher, for setting things up and looking from outside.</summary>
    protected ZooKeeperClient Admin { get; private set; } = null!;

    protected static IReadOnlyList<Acl> Open => Acls.OpenAclUnsafe;

    protected string P(string relative) => Root + relative;

    public virtual async Task InitializeAsync()
    {
        Admin = await ConnectAsync();
        await Admin.CreateAsync(Root, null, Open, CreateMode.Persistent);
    }

    protected async Task<ZooKeeperClient> ConnectAsync(
        EventRecorder? recorder = null, string? connectString = null, int sessionTimeoutMs = 10_000,
        long sessionId = 0, byte[]? password = null)
    {
        var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = connectString ?? Server.ConnectString,
            SessionTimeoutMs = sessionTimeoutMs,
            DefaultWatcher = recorder?.Watcher,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            SessionId = sessionId,
            SessionPassword = password,
        });
        lock (_owned) _owned.Add(client);
        return client;
    }

    protected TcpProxy StartProxy()
    {
        var proxy = new TcpProxy(Server.Port);
        lock (_owned) _owned.Add(proxy);
        return proxy;
    }

    protected Task CreateAsync(string path, string? data = null, CreateMode mode = CreateMode.Persistent) =>
        Admin.CreateAsync(path, data is null ? null : System.Text.Encoding.UTF8.GetBytes(data), Open, mode);

    protected static byte[] Bytes(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    protected static async Task<KeeperException> ThrowsKeeperAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<KeeperException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    /// <summary>Polls until the condition holds, failing the test after the event timeout.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Event);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        List<IAsyncDisposable> owned;
        lock (_owned) owned = [.. _owned];
        owned.Reverse();
        foreach (var item in owned)
        {
            try { await item.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)); }
            catch (Exception) { }
        }
    }
}
