namespace Keeper.Consensus.Wire;

/// <summary>
/// Malformed input on the election or quorum port. Every decoder in this namespace throws only this for bad
/// bytes (jute errors are wrapped), so a host has one thing to catch before it closes the connection, as
/// Apache does on any parse failure there.
/// </summary>
internal sealed class WireFormatException : Exception
{
    public WireFormatException(string message) : base(message) { }

    public WireFormatException(string message, Exception inner) : base(message, inner) { }
}
