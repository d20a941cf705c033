namespace Keeper.Protocol;

/// <summary>The create flags (CreateMode.toFlag). Any other value is BadArguments.</summary>
public enum CreateMode
{
    Persistent = 0,
    Ephemeral = 1,
    PersistentSequential = 2,
    EphemeralSequential = 3,
    Container = 4,
    PersistentWithTtl = 5,
    PersistentSequentialWithTtl = 6,
}

public static class CreateModes
{
    public static bool IsValid(int flags) => flags is >= 0 and <= 6;
    public static bool IsEphemeral(this CreateMode m) => m is CreateMode.Ephemeral or CreateMode.EphemeralSequential;
    public static bool IsSequential(this CreateMode m) =>
        m is CreateMode.PersistentSequential or CreateMode.EphemeralSequential or CreateMode.PersistentSequentialWithTtl;
    public static bool IsTtl(this CreateMode m) => m is CreateMode.PersistentWithTtl or CreateMode.PersistentSequentialWithTtl;
    public static bool IsContainer(this CreateMode m) => m == CreateMode.Container;
}
