using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Server.Network;

namespace Keeper.Server.Pipeline;

/// <summary>Work for the sequencer thread, handled strictly in the order posted.</summary>
internal abstract record SequencerCommand;

internal sealed record ConnectCommand(ClientConnection Connection, ConnectRequest Request) : SequencerCommand;

internal sealed record RequestCommand(
    ClientConnection Connection, RequestHeader Header, IJuteRecord? Body, long ReceivedAt, bool Unknown = false, bool Malformed = false)
    : SequencerCommand;

internal sealed record DisconnectCommand(ClientConnection Connection) : SequencerCommand;

/// <summary>From the txn log: every txn up to this zxid is on disk and may be applied and acknowledged.</summary>
/// <param name="UpToZxid">The last durable zxid.</param>
/// <param name="Generation">The log's generation when this was posted (see FileTxnLog.Generation).</param>
internal sealed record DurableCommand(long UpToZxid, int Generation = 0) : SequencerCommand;

/// <summary>Work of the quorum layer (a packet, a closed link, an election message) to run on the sequencer thread.</summary>
internal sealed record QuorumEventCommand(Action Run) : SequencerCommand;

/// <summary>From the txn log: a write or fsync failed. Nothing after the last durable zxid may be acknowledged.</summary>
internal sealed record LogFailedCommand(Exception Error) : SequencerCommand;

/// <summary>From the txn log: it rolled to a new file; time for a (fuzzy) snapshot.</summary>
internal sealed record SnapshotCommand : SequencerCommand;

/// <summary>Periodic: expire sessions, reap containers and TTL nodes.</summary>
internal sealed record TickCommand : SequencerCommand;

/// <summary>Runs a function on the sequencer thread, where reading the state is safe (4lw, tests).</summary>
internal sealed record QueryCommand(Action Run) : SequencerCommand;
