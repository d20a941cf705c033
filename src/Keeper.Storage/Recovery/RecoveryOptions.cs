using Keeper.Storage.Log;

namespace Keeper.Storage.Recovery;

/// <summary>
/// How <see cref="DataDirRecovery"/> behaves, with ZooKeeper's defaults.
/// <para><paramref name="AutoCreateDb"/>: zookeeper.db.autocreate; an empty data dir starts empty and gets
/// snapshot.0 (with it off, only an <c>initialize</c> file in dataLogDir allows that).</para>
/// <para><paramref name="TrustEmptySnapshot"/>: zookeeper.snapshot.trust.empty; logs without any snapshot are
/// replayed from an empty tree instead of refused (meant for upgrades from 3.4).</para>
/// <para><paramref name="DigestEnabled"/>: zookeeper.digest.enabled; snapshot.0 gets a digest section and a
/// snapshot's digest is compared with the tree once replay reaches its zxid (a mismatch only warns).</para>
/// <para><paramref name="MaxSnapshots"/>: how many snapshots that look complete are tried, newest first (100).</para>
/// <para><paramref name="Log"/>: where warnings and progress go (they are also in the result).</para>
/// </summary>
public sealed record RecoveryOptions(
    bool AutoCreateDb = true,
    bool TrustEmptySnapshot = false,
    bool DigestEnabled = true,
    int MaxSnapshots = 100,
    TxnLogReaderOptions? LogReader = null,
    Action<RecoveryMessage>? Log = null);

public enum RecoverySeverity
{
    Info,
    Warning,
}

public sealed record RecoveryMessage(RecoverySeverity Severity, string Text)
{
    public override string ToString() => $"{Severity}: {Text}";
}
