using Keeper.Interop.Tests.Infrastructure;

namespace Keeper.Interop.Tests.Sasl;

/// <summary>
/// One server per kind with SASL on, configured the same way for both: zoo.cfg names the SASL auth provider, and
/// the JVM-style properties name the JAAS file this fixture writes (users alice, bob, admin; admin is
/// <c>zookeeper.superUser</c>). It also writes the clients' JAAS files, one per login.
/// </summary>
public class SaslFixture : ServerFixture
{
    public const string SaslProvider = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider";

    public SaslFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("keeper-sasl-").FullName;
        ServerJaas = Write("server.jaas", """
            /* The server's logins: ZooKeeper's DigestLoginModule, one user_NAME option per user. */
            Server {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                user_alice="alice-secret"
                user_bob="bob-secret"
                user_admin="admin-secret";
            };
            """);
    }

    /// <summary>Where the JAAS files are (deleted with the fixture).</summary>
    public string Directory { get; }

    public string ServerJaas { get; }

    protected override IDictionary<string, string>? ExtraConfig => new Dictionary<string, string>
    {
        ["authProvider.1"] = SaslProvider,
    };

    protected override string[]? JvmProperties =>
        [$"java.security.auth.login.config={ServerJaas}", "zookeeper.superUser=admin"];

    /// <summary>A client JAAS file logging in as <paramref name="user"/> with <paramref name="password"/>.</summary>
    public string ClientJaas(string user, string password) => Write($"client-{user}-{password}.jaas", $$"""
        Client {
            org.apache.zookeeper.server.auth.DigestLoginModule required
            username="{{user}}"
            password="{{password}}";
        };
        """);

    /// <summary>The environment that makes zkCli.sh log in with <paramref name="jaas"/>, as a user would set it.</summary>
    public static IDictionary<string, string> ClientEnvironment(string jaas) =>
        new Dictionary<string, string> { ["CLIENT_JVMFLAGS"] = $"-Djava.security.auth.login.config={jaas}" };

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
