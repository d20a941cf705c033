namespace Keeper.Server.Sasl;

/// <summary>
/// A SASL exchange that cannot succeed: a malformed token, a wrong password, a step out of order. The message says
/// why for the server's log; the client only learns that authentication failed, as ZooKeeper's clients do.
/// </summary>
internal sealed class SaslFailure(string message) : Exception(message);
