namespace Keeper.Server.Sasl;

/// <summary>
/// Who a DIGEST-MD5 exchange is with, as ZooKeeper names it to Java's SASL: the protocol and the server name, which
/// make the digest-uri (<c>protocol/serverName</c>) and, with no realm configured, the one realm the server offers.
/// </summary>
internal sealed record DigestMd5Service(string Protocol, string ServerName, bool AuthzidMustMatch)
{
    /// <summary>Client logins on the client port (ZooKeeperSaslServer: "zookeeper", "zk-sasl-md5").</summary>
    public static readonly DigestMd5Service ClientPort = new("zookeeper", "zk-sasl-md5", AuthzidMustMatch: false);

    /// <summary>
    /// Server-to-server logins (QuorumAuth's QUORUM_SERVER_PROTOCOL_NAME and QUORUM_SERVER_SASL_DIGEST); the quorum's
    /// callback handler authorizes a learner only under its own name.
    /// </summary>
    public static readonly DigestMd5Service Quorum = new("zookeeper-quorum", "zk-quorum-sasl-md5", AuthzidMustMatch: true);

    public string Realm => ServerName;

    public string DigestUri => Protocol + "/" + ServerName;
}
