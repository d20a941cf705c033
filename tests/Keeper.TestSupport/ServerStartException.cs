namespace Keeper.TestSupport;

/// <summary>A test server did not come up; the message carries its output and log tail.</summary>
public sealed class ServerStartException(string message, Exception? inner = null) : Exception(message, inner);
