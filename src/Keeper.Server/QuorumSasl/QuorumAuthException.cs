namespace Keeper.Server.QuorumSasl;

/// <summary>A server-to-server SASL exchange that failed, or a peer that would not authenticate; the message says why, for one log line.</summary>
internal sealed class QuorumAuthException(string message, Exception? inner = null) : IOException(message, inner);
