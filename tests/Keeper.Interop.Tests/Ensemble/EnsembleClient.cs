using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Interop.Tests.Ensemble;

/// <summary>Small helpers for ensemble tests: connect, create, read as text.</summary>
internal static class EnsembleClient
{
    public static Task<ZooKeeperClient> ConnectAsync(string connectString, int sessionTimeoutMs = 10_000) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeoutMs = sessionTimeoutMs,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        });

    public static Task<string> CreateAsync(this ZooKeeperClient client, string path, string data, CreateMode mode = CreateMode.Persistent) =>
        client.CreateAsync(path, Encoding.UTF8.GetBytes(data), Acls.OpenAclUnsafe, mode);

    public static async Task<string?> ReadAsync(this ZooKeeperClient client, string path)
    {
        try
        {
            var (data, _) = await client.GetDataAsync(path);
            return data is null ? null : Encoding.UTF8.GetString(data);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
        {
            return null;
        }
    }

    /// <summary>Tries <paramref name="attempt"/> until it succeeds or <paramref name="timeout"/> passes (the ensemble may still be settling).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return await attempt(); }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
    }
}
