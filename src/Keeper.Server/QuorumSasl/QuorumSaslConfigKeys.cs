using Keeper.Server.Config;

namespace Keeper.Server.QuorumSasl;

/// <summary>The <c>quorum.auth.*</c> keys (and <c>quorum.cnxn.threads.size</c>), parsed and checked as QuorumPeerConfig does.</summary>
internal static class QuorumSaslConfigKeys
{
    private const string Enable = "quorum.auth.enableSasl";
    private const string LearnerRequire = "quorum.auth.learnerRequireSasl";
    private const string ServerRequire = "quorum.auth.serverRequireSasl";

    /// <summary>Applies <paramref name="name"/> if it is one of these keys; false for any other key.</summary>
    public static bool TryApply(ParseState state, ConfigValue v, string name)
    {
        var s = state.Config.QuorumSasl;
        switch (name)
        {
            case Enable: s = s with { EnableSasl = v.Bool() }; break;
            case LearnerRequire: s = s with { LearnerRequireSasl = v.Bool() }; break;
            case ServerRequire: s = s with { ServerRequireSasl = v.Bool() }; break;
            case "quorum.auth.learner.saslLoginContext": s = s with { LearnerLoginContext = v.Text }; break;
            case "quorum.auth.server.saslLoginContext": s = s with { ServerLoginContext = v.Text }; break;
            case "quorum.auth.kerberos.servicePrincipal": s = s with { KerberosServicePrincipal = v.Text }; break;
            case "quorum.cnxn.threads.size":
                // Apache sizes its connection thread pool with it (Integer.parseInt: not a number stops startup); our
                // connections are asynchronous, so only the check remains.
                v.Int();
                return true;
            default:
                return false;
        }
        state.Config = state.Config with { QuorumSasl = s };
        return true;
    }

    /// <summary>QuorumPeerConfig.parseProperties' three checks, with its messages.</summary>
    public static void Validate(ParseState state, ServerConfig c)
    {
        var s = c.QuorumSasl;
        if (!s.EnableSasl && s.ServerRequireSasl) throw state.Fail(null, $"{Enable} is disabled, so cannot enable {ServerRequire}");
        if (!s.EnableSasl && s.LearnerRequireSasl) throw state.Fail(null, $"{Enable} is disabled, so cannot enable {LearnerRequire}");
        // A server that requires SASL of its peers but does not authenticate itself could never join them.
        if (!s.LearnerRequireSasl && s.ServerRequireSasl) throw state.Fail(null, $"{LearnerRequire} is disabled, so cannot enable {ServerRequire}");
    }
}
