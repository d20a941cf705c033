namespace Keeper.Consensus;

/// <summary>
/// What a state machine emitted since its host last looked, in order: the machines only append, and the host
/// takes the lot and carries it out (etcd raft's Ready, in miniature).
/// </summary>
internal sealed class Outbox<T>
{
    private readonly List<T> _items = [];

    public void Add(T item) => _items.Add(item);

    /// <summary>Everything emitted so far, oldest first; the outbox is empty afterwards.</summary>
    public List<T> Take()
    {
        var taken = new List<T>(_items);
        _items.Clear();
        return taken;
    }
}
