namespace Keeper.Server.QuorumSasl;

/// <summary>
/// The zoo.cfg keys of server-to-server SASL (QuorumPeerConfig's <c>quorum.auth.*</c>), defaults as Apache's. With
/// <c>enableSasl</c> on, a server answers peers that authenticate and checks them; the two <c>require</c> flags say
/// whether it also authenticates itself when it dials (learner) and whether it refuses peers that do not (server).
/// </summary>
public sealed record QuorumSaslSettings
{
    /// <summary><c>quorum.auth.enableSasl</c>.</summary>
    public bool EnableSasl { get; init; }

    /// <summary><c>quorum.auth.learnerRequireSasl</c>: authenticate to every peer we dial (election and the leader's quorum port).</summary>
    public bool LearnerRequireSasl { get; init; }

    /// <summary><c>quorum.auth.serverRequireSasl</c>: refuse a peer that dials us without authenticating, or fails to.</summary>
    public bool ServerRequireSasl { get; init; }

    /// <summary><c>quorum.auth.learner.saslLoginContext</c>: the JAAS section with our own username and password (DIGEST-MD5) or Krb5LoginModule (GSSAPI).</summary>
    public string LearnerLoginContext { get; init; } = "QuorumLearner";

    /// <summary><c>quorum.auth.server.saslLoginContext</c>: the JAAS section with the <c>user_NAME="password"</c> peers log in as (DIGEST-MD5), or our Krb5LoginModule (GSSAPI).</summary>
    public string ServerLoginContext { get; init; } = "QuorumServer";

    /// <summary><c>quorum.auth.kerberos.servicePrincipal</c>: the principal a Kerberos learner authenticates to; <c>_HOST</c> is the dialled host (see <see cref="QuorumServicePrincipal"/>).</summary>
    public string KerberosServicePrincipal { get; init; } = "zkquorum/localhost";
}
