using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Sasl;

/// <summary>
/// Where the JAAS file may be named for our server besides <c>-D</c> on its command line (SERVER_JVMFLAGS and
/// JVMFLAGS, as zkServer.sh passes them, and our KEEPER_JAAS_CONFIG), and what a bad JAAS file does to startup:
/// Apache ZooKeeper exits with code 1 (saying only that no Server section was found); so do we, naming file and line.
/// </summary>
public sealed class SaslStartupTests : IDisposable
{
    private readonly SaslFixture _files = new();

    public void Dispose() => _files.DisposeAsync().GetAwaiter().GetResult();

    private static readonly Dictionary<string, string> SaslProvider = new() { ["authProvider.1"] = SaslFixture.SaslProvider };

    [Theory]
    [InlineData("SERVER_JVMFLAGS")]
    [InlineData("JVMFLAGS")]
    [InlineData("KEEPER_JAAS_CONFIG")]
    public async Task The_jaas_file_can_be_named_in_the_environment(string variable)
    {
        var value = variable == "KEEPER_JAAS_CONFIG" ? _files.ServerJaas : $"-Xmx512m -Djava.security.auth.login.config={_files.ServerJaas}";
        await using var server = await KeeperServer.StartAsync(SaslProvider, environment: new Dictionary<string, string> { [variable] = value });

        var whoami = await ZkCli.OneShotAsync(server, ["whoami"], environment: SaslFixture.ClientEnvironment(_files.ClientJaas("bob", "bob-secret")));

        Assert.Contains("WatchedEvent state:SaslAuthenticated", whoami.StdOut);
        Assert.Contains("sasl: bob", whoami.StdOut);
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task A_jaas_syntax_error_stops_startup_with_exit_code_1(string kind)
    {
        var bad = _files.Write("bad.jaas", "Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_bob=\"x\"\n};\n");

        var e = await Assert.ThrowsAsync<ServerStartException>(() =>
            ServerKinds.StartAsync(kind, SaslProvider, [$"java.security.auth.login.config={bad}"]));

        Assert.Contains("the process exited with code 1", e.Message);
        if (kind == ServerKinds.Keeper)
        {
            Assert.Contains($"{bad}:4: expected an option or ';' to end the org.apache.zookeeper.server.auth.DigestLoginModule entry, found '}}'", e.Message);
        }
        else
        {
            Assert.Contains($"No JAAS configuration section named 'Server' was found in '{bad}'", e.Message);
        }
    }
}

/// <summary>
/// <c>zookeeper.DigestAuthenticationProvider.superDigest</c> as a JVM property: on Apache's java command line, and
/// for us in SERVER_JVMFLAGS as zkServer.sh users set it. The super user reads a node whose ACL shuts everyone else out.
/// </summary>
public sealed class SuperDigestPropertyTests
{
    private static readonly string SuperDigest = Keeper.Core.Auth.DigestAuth.Digest("super:super-secret");

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task The_super_digest_from_jvm_flags_grants_super(string kind)
    {
        var property = $"zookeeper.DigestAuthenticationProvider.superDigest={SuperDigest}";
        await using var server = kind == ServerKinds.Apache
            ? await ServerKinds.StartAsync(kind, jvmProperties: [property])
            : await KeeperServer.StartAsync(environment: new Dictionary<string, string> { ["SERVER_JVMFLAGS"] = "-Xmx256m -D" + property });

        var result = await ZkCli.InteractiveAsync(server, [
            "create /locked secret digest:nobody:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:cdrwa",
            "get /locked",
            "addauth digest super:super-secret",
            "get /locked",
        ]);

        var output = ZkCli.Clean(result.StdOut, server.Port);
        int denied = output.IndexOf("Insufficient permission : /locked", StringComparison.Ordinal);
        Assert.True(denied >= 0, output);
        Assert.Contains("\nsecret\n", output[denied..]);
    }
}
