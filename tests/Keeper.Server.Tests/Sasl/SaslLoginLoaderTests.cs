using Keeper.Server.Config;
using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.Sasl;

/// <summary>Which JAAS file is used, what its Server section gives, and what stops startup.</summary>
public sealed class SaslLoginLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keeper-jaas-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, $"jaas-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private const string ServerSection = """
        Server {
          org.apache.zookeeper.server.auth.DigestLoginModule required
          user_super="adminsecret"
          user_alice="alicesecret";
        };
        """;

    private static SaslLogin? Load(AuthConfig config, string? env = null) =>
        SaslLoginLoader.Load(config, name => name == AuthConfig.JaasEnvironmentVariable ? env : null, _ => null);

    [Fact]
    public void No_file_named_means_no_sasl()
    {
        Assert.Null(Load(new AuthConfig()));
    }

    [Fact]
    public void Users_come_from_the_user_options_of_the_server_section()
    {
        var login = Load(new AuthConfig { JaasConfigPath = Write(ServerSection) })!;

        Assert.Equal(new Dictionary<string, string> { ["super"] = "adminsecret", ["alice"] = "alicesecret" }, login.Users);
        Assert.Equal("alicesecret", login.PasswordOf("alice"));
        Assert.Null(login.PasswordOf("bob"));
    }

    [Fact]
    public void The_environment_variable_names_the_file_when_no_property_does()
    {
        var fromEnv = Write(ServerSection);
        var other = Write(ServerSection.Replace("alice", "carol"));

        Assert.NotNull(Load(new AuthConfig(), env: fromEnv)!.PasswordOf("alice"));
        Assert.NotNull(Load(new AuthConfig { JaasConfigPath = other }, env: fromEnv)!.PasswordOf("carol"));
    }

    [Fact]
    public void A_file_url_and_javas_leading_equals_sign_are_accepted()
    {
        var path = Write(ServerSection);

        Assert.NotNull(Load(new AuthConfig { JaasConfigPath = "file:" + path }));
        Assert.NotNull(Load(new AuthConfig { JaasConfigPath = "file://" + path }));
        Assert.NotNull(Load(new AuthConfig { JaasConfigPath = "=" + path }));
    }

    [Fact]
    public void The_login_context_property_picks_another_section()
    {
        var path = Write(ServerSection.Replace("Server {", "ZkServer {"));

        Assert.Null(Load(new AuthConfig { JaasConfigPath = path }));
        Assert.NotNull(Load(new AuthConfig { JaasConfigPath = path, SaslLoginContext = "ZkServer" }));
    }

    [Fact]
    public void The_super_password_property_replaces_the_files_password_for_super_only()
    {
        var login = Load(new AuthConfig { JaasConfigPath = Write(ServerSection), SaslSuperPassword = "override" })!;

        Assert.Equal(("override", "alicesecret"), (login.PasswordOf("super"), login.PasswordOf("alice")));
    }

    [Fact]
    public void Super_users_are_the_values_of_the_super_user_properties()
    {
        var config = new AuthConfig
        {
            JaasConfigPath = Write(ServerSection),
            SuperUsers = new Dictionary<string, string> { ["superUser"] = "alice", ["superUser.2"] = "bob" },
        };

        var login = Load(config)!;

        Assert.True(login.IsSuperUser("alice"));
        Assert.True(login.IsSuperUser("bob"));
        Assert.False(login.IsSuperUser("carol"));
    }

    [Fact]
    public void A_missing_file_stops_startup_naming_it()
    {
        var path = Path.Combine(_dir, "absent.conf");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_syntax_error_stops_startup_naming_file_and_line()
    {
        var path = Write("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_bob=\"x\"\n};\n");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.StartsWith($"{path}:4: ", e.Message);
    }

    [Fact]
    public void A_kerberos_module_without_a_principal_stops_startup()
    {
        var path = Write("Server {\n  com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true;\n};\n");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.Equal(2, e.Line);
        Assert.Contains("com.sun.security.auth.module.Krb5LoginModule: no principal option", e.Reason);
    }

    [Fact]
    public void A_kerberos_module_without_a_keytab_login_stops_startup()
    {
        var path = Write("Server {\n  com.sun.security.auth.module.Krb5LoginModule required principal=\"zookeeper/localhost@R\";\n};\n");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.Contains("useKeyTab=true is required", e.Reason);
    }

    [Fact]
    public void A_kerberos_module_naming_a_missing_keytab_stops_startup()
    {
        var keytab = Path.Combine(_dir, "none.keytab");
        var path = Write($"Server {{\n  com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab=\"{keytab}\" principal=\"zookeeper/localhost@R\";\n}};\n");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.Contains($"keyTab {keytab} does not exist", e.Reason);
    }

    [Fact]
    public void Another_login_module_stops_startup()
    {
        var path = Write("Server {\n  com.example.OtherLoginModule required;\n};\n");

        var e = Assert.Throws<ConfigException>(() => Load(new AuthConfig { JaasConfigPath = path }));

        Assert.Equal(2, e.Line);
        Assert.Contains("login module com.example.OtherLoginModule in section Server is not supported", e.Reason);
    }
}
