using Keeper.TestSupport;

namespace Keeper.Interop.Tests.QuorumSasl;

/// <summary>
/// JAAS files for server-to-server SASL, written per test: a QuorumServer section with the peer user (user_NAME="pw")
/// and a QuorumLearner section logging in as that user, as Apache's quorum SASL guide has them; and the zoo.cfg keys.
/// </summary>
internal sealed class QuorumSaslFiles : IDisposable
{
    public const string User = "zkpeer";
    public const string Password = "peer-secret";

    private readonly string _dir = Directory.CreateTempSubdirectory("keeper-qsasl-").FullName;

    /// <summary>A JAAS file whose learner logs in with <paramref name="password"/> and whose server knows the user by <paramref name="serverPassword"/>.</summary>
    public string Jaas(string password = Password, string? serverPassword = null)
    {
        var path = Path.Combine(_dir, $"quorum-{password}-{serverPassword ?? password}.jaas");
        File.WriteAllText(path, $$"""
            QuorumServer {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                user_{{User}}="{{serverPassword ?? password}}";
            };
            QuorumLearner {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                username="{{User}}"
                password="{{password}}";
            };
            """);
        return path;
    }

    /// <summary>The <c>quorum.auth.*</c> lines; <paramref name="jaas"/> also goes in zoo.cfg for our servers only (Apache reads it from -D).</summary>
    public static Dictionary<string, string> Settings(bool learnerRequire, bool serverRequire, string? jaas = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["quorum.auth.enableSasl"] = "true",
            ["quorum.auth.learnerRequireSasl"] = learnerRequire ? "true" : "false",
            ["quorum.auth.serverRequireSasl"] = serverRequire ? "true" : "false",
        };
        if (jaas is not null) settings["java.security.auth.login.config"] = jaas;
        return settings;
    }

    /// <summary>What every member of a mixed ensemble starts with: the JAAS file as a system property (SERVER_JVMFLAGS for ours).</summary>
    public static string[] JvmFlags(string jaas) => [$"-Djava.security.auth.login.config={jaas}"];

    /// <summary>
    /// Both sides of the exchange happened: every running member authenticated to some peer, and of each kind some member
    /// checked a peer's login (a member that dialled everyone first may never be dialled itself).
    /// </summary>
    /// <param name="among">The members to look at (default: every running one).</param>
    public static async Task AssertAuthenticatedBothWaysAsync(Keeper.TestSupport.Ensemble ensemble, IEnumerable<EnsembleMember>? among = null)
    {
        var running = (among ?? ensemble.Members.Where(m => m.IsRunning)).ToList();
        foreach (var member in running)
        {
            var asLearner = await QuorumTls.QuorumTlsWatch.LineAsync(member, QuorumTls.QuorumTlsWatch.Settle,
                "Successfully completed the authentication using SASL. server addr");
            Assert.True(asLearner is not null, $"server {member.Id} ({member.Kind}) never authenticated to a peer\n{ensemble.Diagnostics()}");
        }
        foreach (var kind in running.Select(m => m.Kind).Distinct())
        {
            bool checkedOne = false;
            foreach (var member in running.Where(m => m.Kind == kind))
                checkedOne |= await QuorumTls.QuorumTlsWatch.LineAsync(member, TimeSpan.Zero,
                    "Successfully completed the authentication using SASL. learner addr") is not null;
            Assert.True(checkedOne, $"no {kind} server checked a peer's login\n{ensemble.Diagnostics()}");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
