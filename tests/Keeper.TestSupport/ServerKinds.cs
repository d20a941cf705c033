namespace Keeper.TestSupport;

/// <summary>
/// The two servers every interop scenario runs against: "apache" (Apache ZooKeeper 3.8, the
/// reference) and "keeper" (ours). Use <see cref="Both"/> as xunit MemberData and
/// <see cref="StartAsync"/> to start the one a test case names.
/// </summary>
public static class ServerKinds
{
    public const string Apache = "apache";
    public const string Keeper = "keeper";

    public static IReadOnlyList<string> All { get; } = [Apache, Keeper];

    /// <summary>For <c>[MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]</c>.</summary>
    public static IEnumerable<object[]> Both => All.Select(k => new object[] { k });

    /// <summary>Starts a server of the given kind with the same config and properties.</summary>
    public static async Task<ITestServer> StartAsync(string kind, IDictionary<string, string>? extraConfig = null, string[]? jvmProperties = null) =>
        kind switch
        {
            Apache => await ApacheZooKeeper.StartAsync(extraConfig, jvmProperties),
            Keeper => await KeeperServer.StartAsync(extraConfig, jvmProperties),
            _ => throw new ArgumentException($"unknown server kind '{kind}' (expected '{Apache}' or '{Keeper}')", nameof(kind)),
        };
}
