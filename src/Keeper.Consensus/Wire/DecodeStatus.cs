namespace Keeper.Consensus.Wire;

/// <summary>
/// What an incremental decoder made of the bytes received so far. Malformed input is not a status: it is a
/// <see cref="WireFormatException"/>, because the only answer to it is closing the socket.
/// </summary>
internal enum DecodeStatus
{
    /// <summary>The buffer holds only a prefix of the message; read more and call again with all of it.</summary>
    NeedMore,

    /// <summary>One message was decoded from the start of the buffer; the rest belongs to the next one.</summary>
    Complete,
}
