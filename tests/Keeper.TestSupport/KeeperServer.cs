namespace Keeper.TestSupport;

/// <summary>
/// Our server, run as a child process exactly as users run it:
/// <c>dotnet keeper.dll server [-Dname=value ...] zoo.cfg</c>, with the same zoo.cfg keys as
/// <see cref="ApacheZooKeeper"/> and the same readiness check (ruok/srvr on 127.0.0.1).
/// keeper.dll is the build output of src/Keeper (see <see cref="LocateDll"/>); the test run
/// builds the solution first, so a missing dll fails the start with a clear message.
/// </summary>
public sealed class KeeperServer : TestServer
{
    private readonly string _dll;
    private readonly IDictionary<string, string>? _environment;

    private KeeperServer(string dll, IDictionary<string, string>? extraConfig, string[]? jvmProperties, IDictionary<string, string>? environment)
        : base(ServerKinds.Keeper, extraConfig, jvmProperties)
    {
        _dll = dll;
        _environment = environment;
    }

    /// <summary>Our server logs to stdout/stderr, which is captured in <see cref="TestServer.OutputFile"/>.</summary>
    public override string? LogFile => null;

    /// <summary>
    /// Starts our server. JVM-style properties are passed as <c>-Dname=value</c> arguments
    /// before the config path, the way the java command line takes them.
    /// </summary>
    /// <param name="environment">Extra environment variables for the process (e.g. SERVER_JVMFLAGS).</param>
    public static async Task<KeeperServer> StartAsync(
        IDictionary<string, string>? extraConfig = null, string[]? jvmProperties = null, IDictionary<string, string>? environment = null)
    {
        var dll = LocateDll();
        var server = new KeeperServer(dll, extraConfig, jvmProperties, environment);
        try
        {
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// KEEPER_DLL if set; otherwise src/Keeper/bin/&lt;Configuration&gt;/net10.0/keeper.dll under
    /// the repository root (the directory holding Keeper.sln above the test assembly), preferring
    /// the test assembly's own configuration, then Debug, then Release.
    /// </summary>
    public static string LocateDll()
    {
        var fromEnv = System.Environment.GetEnvironmentVariable("KEEPER_DLL");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv)
                ? fromEnv
                : throw new FileNotFoundException($"KEEPER_DLL points to {fromEnv}, which does not exist", fromEnv);
        }

        var root = RepoPaths.Root;
        var configs = new List<string>();
        if (RepoPaths.TestConfiguration is { } own)
        {
            configs.Add(own);
        }

        configs.AddRange(["Debug", "Release"]);
        var candidates = configs.Distinct()
            .Select(c => Path.Combine(root, "src", "Keeper", "bin", c, "net10.0", "keeper.dll"))
            .ToList();
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "Our server's keeper.dll was not found. Build the solution first (dotnet build Keeper.sln). Looked at:\n  "
            + string.Join("\n  ", candidates),
            candidates[0]);
    }

    protected override (string File, IReadOnlyList<string> Args) Command()
    {
        var args = new List<string> { _dll, "server" };
        args.AddRange(JvmProperties.Select(p => "-D" + p));
        args.Add(ConfigPath);
        return ("dotnet", args);
    }

    protected override IDictionary<string, string>? ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            // No first-run banners or telemetry from the dotnet host in the captured output.
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (name, value) in _environment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }
}
