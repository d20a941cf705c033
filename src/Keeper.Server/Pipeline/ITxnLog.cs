using Keeper.Core.Requests;

namespace Keeper.Server.Pipeline;

/// <summary>
/// Where txns go to become durable before they are applied and acknowledged. The sequencer appends in
/// zxid order; the log tells it, by posting a <see cref="DurableCommand"/>, how far everything is safe.
/// </summary>
internal interface ITxnLog : IAsyncDisposable
{
    /// <summary>Called by the sequencer once it can accept durability notices.</summary>
    void Start(Sequencer sequencer);

    void Append(in Txn txn);
}

/// <summary>No disk: every txn is "durable" as soon as it is appended (tests and the in-memory mode).</summary>
internal sealed class InMemoryTxnLog : ITxnLog
{
    private Sequencer? _sequencer;

    public void Start(Sequencer sequencer) => _sequencer = sequencer;

    public void Append(in Txn txn) => _sequencer!.Post(new DurableCommand(txn.Header.Zxid));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
