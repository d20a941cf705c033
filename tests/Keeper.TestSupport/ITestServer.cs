namespace Keeper.TestSupport;

/// <summary>A ZooKeeper-compatible server started for a test, listening on 127.0.0.1 only.</summary>
public interface ITestServer : IAsyncDisposable
{
    /// <summary>"apache" or "keeper" (see <see cref="ServerKinds"/>).</summary>
    string Name { get; }

    int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    string ConnectString { get; }

    /// <summary>The dataDir written into zoo.cfg (the server adds <c>version-2</c> under it).</summary>
    string DataDir { get; }
}
