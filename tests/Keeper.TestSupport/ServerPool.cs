using System.Collections.Concurrent;

namespace Keeper.TestSupport;

/// <summary>
/// At most one server per kind, started on first use with the same settings and shared by the
/// tests that use the pool (typically an xunit class fixture). A failed start is remembered, so
/// every test of that kind reports the same failure at once instead of waiting again.
/// </summary>
public sealed class ServerPool(IDictionary<string, string>? extraConfig = null, string[]? jvmProperties = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ITestServer>>> _servers = new();

    /// <summary>The server of <paramref name="kind"/>, started if it is not running yet.</summary>
    public Task<ITestServer> GetAsync(string kind) =>
        _servers.GetOrAdd(kind, k => new Lazy<Task<ITestServer>>(() => ServerKinds.StartAsync(k, extraConfig, jvmProperties))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _servers.Values)
        {
            if (!lazy.IsValueCreated)
            {
                continue;
            }

            try
            {
                await (await lazy.Value).DisposeAsync();
            }
            catch (Exception)
            {
                // The start failed; the server cleaned up after itself.
            }
        }
    }
}
