namespace Keeper.Consensus.Election;

/// <summary>
/// Timing of one election, in milliseconds. Defaults are Apache's: finalizeWait 200, and
/// zookeeper.fastleader.minNotificationInterval / maxNotificationInterval 200 / 60000.
/// </summary>
internal sealed record ElectionOptions(
    long FinalizeWait = 200,
    long MinNotificationInterval = 200,
    long MaxNotificationInterval = 60_000)
{
    public static readonly ElectionOptions Default = new();
}
