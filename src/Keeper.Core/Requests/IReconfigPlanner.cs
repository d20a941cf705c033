using Keeper.Protocol.Records;

namespace Keeper.Core.Requests;

/// <summary>
/// What the request preparer needs from the ensemble for a reconfig (op 16): whether <c>reconfigEnabled</c> is on, and
/// the new membership text a request asks for, checked against the ensemble the way ZooKeeper's PrepRequestProcessor
/// checks it before the ACL (standalone, a reconfig in progress, the <c>fromConfig</c> version, the server strings, at
/// least two voters, a synced quorum of the new membership). Implemented by the server's quorum layer.
/// </summary>
public interface IReconfigPlanner
{
    bool Enabled { get; }

    /// <summary>The new membership (<c>server.N=...</c> lines and <c>version=&lt;zxid hex&gt;</c>); throws
    /// <see cref="Protocol.KeeperException"/> with ZooKeeper's code when a check fails.</summary>
    byte[] Plan(ReconfigRequest request, long zxid);

    /// <summary>After every check passed, including the ACL: whether this server can propose the change.</summary>
    bool CanPropose { get; }
}
