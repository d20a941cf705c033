using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;
using Keeper.Storage.Snapshots;

namespace Keeper.Storage.Recovery;

/// <summary>
/// Rebuilds the state of a data dir as ZooKeeper's FileTxnSnapLog.restore does: the newest snapshot that
/// reads cleanly (snapshots that look incomplete or fail their checksums are skipped with a warning), then
/// every txn logged after it, in order. Replay is idempotent over a fuzzy snapshot: a txn the snapshot already
/// reflects fails harmlessly (node exists, no node) and is ignored, as ZooKeeper ignores it.
/// Stricter than ZooKeeper where ZooKeeper would serve wrong data: a damaged entry that is not a torn final
/// write, or a missing txn (a zxid gap, also between the snapshot and the first txn after it), stops recovery
/// (unless an older snapshot gives a complete history that does not go through that spot) instead of being
/// skipped. A torn final write of the newest log is cut off with a warning.
/// </summary>
public static class DataDirRecovery
{
    /// <summary>The file whose presence in dataLogDir says "an empty database is fine" (deleted when seen).</summary>
    public const string InitializeFileName = "initialize";

    public static RecoveryResult Load(DataDirLayout layout, RecoveryOptions? options = null) =>
        new Run(layout, options ?? new RecoveryOptions()).Execute();

    private sealed class Run(DataDirLayout layout, RecoveryOptions options)
    {
        private readonly List<RecoveryMessage> _messages = [];

        public RecoveryResult Execute()
        {
            RemoveTemporaryFiles();
            // FileTxnSnapLog.restore deletes the initialize file whenever it is there, needed or not.
            bool trustEmptyDb = DeleteInitializeFile() || options.AutoCreateDb;

            var candidates = FindSnapshots();
            RecoveryException? replayFailure = null;
            int loaded = 0;
            foreach (var (_, path) in candidates)
            {
                var snapshot = TryLoad(path);
                if (snapshot is null) continue;
                loaded++;
                try
                {
                    return Replay(snapshot.Tree, snapshot.Sessions, snapshot.Zxid, snapshot);
                }
                catch (RecoveryException e) when (e.InnerException is CorruptLogException)
                {
                    replayFailure ??= e;
                    Warn($"cannot replay the logs after {path}: {e.InnerException!.Message}; trying an older snapshot");
                }
            }

            if (replayFailure is not null)
                throw new RecoveryException(replayFailure.Message +
                    (loaded > 1 ? $" No older snapshot ({loaded - 1} tried) gives a complete history either." : ""),
                    replayFailure.InnerException);
            if (candidates.Count > 0)
                throw new RecoveryException(
                    $"no valid snapshot in {layout.SnapshotDir}: all {candidates.Count} that look complete failed to load " +
                    "(see the warnings). Restore a snapshot from a backup or a healthy ensemble member.");

            return NoSnapshot(trustEmptyDb);
        }

        /// <summary>FileSnap.findNValidSnapshots: newest first, only files that end as a snapshot must.</summary>
        private List<(long Zxid, string Path)> FindSnapshots()
        {
            var found = new List<(long, string)>();
            foreach (var (zxid, path) in layout.Snapshots())
            {
                if (found.Count == options.MaxSnapshots) break;
                if (SnapshotFormat.LooksComplete(path)) found.Add((zxid, path));
                else if (SnapshotFormat.CompressionOf(path) == SnapshotCompression.Snappy)
                    Warn($"skipping {path}: snappy-compressed snapshots are not supported");
                else Warn($"skipping {path}: it is incomplete (it does not end as a snapshot must)");
            }
            return found;
        }

        private LoadedSnapshot? TryLoad(string path)
        {
            try
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                var snapshot = SnapshotFileReader.Load(path);
                Info($"loaded {path}: {snapshot.Tree.NodeCount - 1} nodes, {snapshot.Sessions.Count} sessions " +
                    $"in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
                return snapshot;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
            {
                Warn($"skipping snapshot {path}: {e.Message}");
                return null;
            }
        }

        private RecoveryResult NoSnapshot(bool trustEmptyDb)
        {
            long lastLogged;
            try
            {
                lastLogged = TxnLogReader.LastLoggedZxid(layout, options.LogReader);
            }
            catch (CorruptLogException e)
            {
                throw new RecoveryException($"there is no snapshot and the newest log is damaged: {e.Message}", e);
            }

            if (lastLogged != -1)
            {
                if (!options.TrustEmptySnapshot)
                    throw new RecoveryException(
                        $"no snapshot in {layout.SnapshotDir}, but there are txn logs in {layout.LogDir}: the logs alone may " +
                        "not hold the whole history, so starting would lose data. Restore the snapshots, or, when upgrading " +
                        "from ZooKeeper 3.4 where this is expected, set zookeeper.snapshot.trust.empty=true.");
                Warn($"no snapshot in {layout.SnapshotDir}: replaying every log from an empty tree (snapshot.trust.empty)");
                return Replay(new DataTree(), [], 0, null);
            }

            var tree = new DataTree();
            if (!trustEmptyDb)
            {
                Warn("no snapshot and no logs, and neither db.autocreate nor an initialize file: the empty database is not " +
                    "trusted (last zxid -1)");
                tree.LastProcessedZxid = -1;
                return Result(tree, [], -1, null, -1, 0, null);
            }

            var path = SnapshotFileWriter.WriteAll(layout, tree, [], 0, options.DigestEnabled ? ZxidDigest.Empty : null);
            Info($"new empty database: wrote {path}");
            return Result(tree, [], 0, null, 0, 0, null);
        }

        /// <summary>FileTxnSnapLog.fastForwardFromEdits, refusing to skip over a damaged entry or a missing txn.</summary>
        private RecoveryResult Replay(DataTree tree, Dictionary<long, int> sessions, long fromZxid, LoadedSnapshot? snapshot)
        {
            var digestCheck = options.DigestEnabled ? snapshot?.DigestToVerify : null;
            if (digestCheck is { } atStart && atStart.Zxid == fromZxid) { CheckDigest(tree, atStart); digestCheck = null; }
            var dangling = snapshot is { DanglingAclPaths.Count: > 0 } ? new HashSet<string>(snapshot.DanglingAclPaths) : null;

            long last = fromZxid;
            int replayed = 0;
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            TornTail? torn;
            using (var reader = TxnLogReader.Open(layout, fromZxid + 1, options.LogReader))
            {
                try
                {
                    bool first = true;
                    while (reader.MoveNext())
                    {
                        var entry = reader.Current!;
                        long zxid = entry.Header.Zxid;
                        if (first && (options.LogReader?.CheckZxidGaps ?? true) && snapshot is not null && !Follows(fromZxid, zxid))
                            throw new ZxidGapException(entry.File, entry.Offset, fromZxid, fromZxid + 1, zxid);
                        first = false;

                        Apply(tree, sessions, entry, dangling);
                        replayed++;
                        if (zxid > last) last = zxid;
                        if (digestCheck is { } d && zxid == d.Zxid) { CheckDigest(tree, d); digestCheck = null; }
                    }
                }
                catch (CorruptLogException e)
                {
                    throw new RecoveryException(
                        $"cannot recover {layout.DataDir}: {e.Message}" +
                        (snapshot is null ? "" : $" (replaying from {snapshot.Path})"), e);
                }
                torn = reader.TornTail;
            }

            if (digestCheck is { } missed)
                Warn($"the logs end at 0x{last:x} before the snapshot digest's zxid 0x{missed.Zxid:x}; the state may be inconsistent");
            if (dangling is { Count: > 0 })
                Warn($"{dangling.Count} nodes still refer to ACL keys the snapshot does not hold: {string.Join(", ", dangling.Take(5))}");
            if (torn is not null)
            {
                Warn($"the newest txn log {torn.File} ends in a torn write at offset {torn.Offset} ({torn.Problem}); " +
                    $"cutting it off there (the last intact txn is 0x{torn.LastZxid:x})");
                TxnLogRepair.TruncateTornTail(torn);
            }

            tree.LastProcessedZxid = last;
            Info($"replayed {replayed} txns in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; last zxid 0x{last:x}");
            return Result(tree, sessions, last, snapshot?.Path, fromZxid, replayed, torn);
        }

        /// <summary>FileTxnSnapLog.processTransaction: errors from txns the fuzzy snapshot already holds are ignored.</summary>
        private static void Apply(DataTree tree, Dictionary<long, int> sessions, TxnLogEntry entry, HashSet<string>? dangling)
        {
            var header = entry.Header;
            try
            {
                if (header.Type == OpCode.CreateSession && entry.Body is CreateSessionTxn create)
                    sessions[header.ClientId] = create.TimeOut;
                else if (header.Type == OpCode.CloseSession)
                    sessions.Remove(header.ClientId);
                tree.Apply(header, entry.Body);
                if (dangling is not null) MendAcls(tree, entry.Body, dangling);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or JuteException or KeyNotFoundException)
            {
                throw new RecoveryException(
                    $"txn 0x{header.Zxid:x} ({header.Type}) in {entry.File} at offset {entry.Offset} cannot be applied: {e.Message}", e);
            }
        }

        /// <summary>
        /// A node restored with an ACL key the snapshot lacks got that key after the snapshot began, by a create or
        /// setACL that is in the log: give it that txn's list (setACL fixes itself when applied).
        /// </summary>
        private static void MendAcls(DataTree tree, IJuteRecord? body, HashSet<string> dangling)
        {
            switch (body)
            {
                case CreateTxn c: Mend(c.Path, c.Acl); break;
                case CreateContainerTxn c: Mend(c.Path, c.Acl); break;
                case CreateTtlTxn c: Mend(c.Path, c.Acl); break;
                case SetAclTxn s: dangling.Remove(s.Path); break;
                case MultiTxn m:
                    foreach (var sub in m.Txns) MendAcls(tree, sub.Body, dangling);
                    break;
            }

            void Mend(string path, IReadOnlyList<Acl> acl)
            {
                if (!dangling.Remove(path) || tree.GetNode(path) is not { } node) return;
                node.AclRef = tree.Acls.Add(acl);
            }
        }

        private void CheckDigest(DataTree tree, ZxidDigest expected)
        {
            if (expected.Version != DigestCalculator.DigestVersion)
            {
                Info($"snapshot digest version {expected.Version} differs from ours ({DigestCalculator.DigestVersion}); not compared");
                return;
            }
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            long actual = DigestCalculator.Compute(tree);
            Info($"tree digest at zxid 0x{expected.Zxid:x} computed in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            if (actual != expected.Digest)
                Warn($"tree digest mismatch at zxid 0x{expected.Zxid:x}: the snapshot says 0x{expected.Digest:x}, the tree gives 0x{actual:x}");
        }

        /// <summary>Whether <paramref name="next"/> is the txn right after <paramref name="previous"/> (same rule as the log reader).</summary>
        private static bool Follows(long previous, long next) =>
            next >> 32 == previous >> 32 ? next == previous + 1 : next >> 32 > previous >> 32 && (next & 0xFFFFFFFFL) == 1;

        private void RemoveTemporaryFiles()
        {
            if (!Directory.Exists(layout.SnapshotDir)) return;
            foreach (var file in Directory.EnumerateFiles(layout.SnapshotDir))
            {
                if (!SnapshotFileWriter.IsTemporaryFile(file)) continue;
                Info($"removing {file}, left by a snapshot that did not finish");
                File.Delete(file);
            }
        }

        private bool DeleteInitializeFile()
        {
            var path = Path.Combine(layout.DataLogDir, InitializeFileName);
            if (!File.Exists(path)) return false;
            File.Delete(path);
            Info($"found and deleted {path}: an empty database is trusted");
            return true;
        }

        private RecoveryResult Result(DataTree tree, Dictionary<long, int> sessions, long lastZxid, string? snapshot,
            long snapshotZxid, int replayed, TornTail? torn) =>
            new(tree, sessions, lastZxid, snapshot, snapshotZxid, replayed, torn, _messages);

        private void Info(string text) => Say(RecoverySeverity.Info, text);
        private void Warn(string text) => Say(RecoverySeverity.Warning, text);

        private void Say(RecoverySeverity severity, string text)
        {
            var message = new RecoveryMessage(severity, text);
            _messages.Add(message);
            options.Log?.Invoke(message);
        }
    }
}
