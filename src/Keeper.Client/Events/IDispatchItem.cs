namespace Keeper.Client.Events;

/// <summary>Something the event queue runs in arrival order: a watcher delivery or a reply completion.</summary>
internal interface IDispatchItem
{
    /// <summary>Runs on the event queue; must not block, since everything after it waits.</summary>
    void Dispatch();
}
