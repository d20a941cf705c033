namespace Keeper.Core.Watches;

public enum WatcherMode
{
    /// <summary>One-shot: fires on an exact path match, then is removed.</summary>
    Standard,
    /// <summary>addWatch PERSISTENT: fires on an exact match and stays.</summary>
    Persistent,
    /// <summary>addWatch PERSISTENT_RECURSIVE: fires for the path and every descendant, never for child lists.</summary>
    PersistentRecursive,
}
