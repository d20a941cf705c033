namespace Keeper.Protocol.Jute;

/// <summary>Malformed or oversized jute input. The server closes the offending connection on it.</summary>
public sealed class JuteException(string message) : Exception(message);
