using System.Text;
using Keeper.Core.Tree;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.Storage.Digest;
using Keeper.Storage.Layout;
using Keeper.Storage.Recovery;
using Keeper.Storage.Snapshots;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One simulated server's snapshots as the real storage code keeps them (the real-disk mode). A SNAP sync goes
/// the way QuorumService.OnSnapshot takes it: the state as a real tree through the real SNAP stream
/// (<see cref="SnapStream"/> written and read back), its digest computed, and saved with
/// <see cref="LoadedSnapStream.SaveAsSnapshot"/> (SnapshotFileWriter: temporary files, fsync, rename). A
/// restart (and a TRUNC) rebuilds with <see cref="DataDirRecovery"/>, which removes what an unfinished
/// snapshot left, picks the newest snapshot that loads, and replays the log with its zxid-gap checks.
/// <para>
/// The state is one znode per simulated key, under <see cref="Root"/> (data the value in UTF-8, version the
/// key's version). The simulation's txns are SetData commands on the keys' own paths ("/a"), which the real
/// tree does not hold, so DataDirRecovery's replay skips them as it skips txns a fuzzy snapshot already holds;
/// the snapshot's nodes come back as the file had them, and the simulation replays the log on them itself.
/// </para>
/// </summary>
internal sealed class RealSnapshots
{
    public const string Root = "/sim";

    private readonly DataDirLayout _layout;
    private readonly string _scratchDir;

    public RealSnapshots(string dataDir)
    {
        _layout = new DataDirLayout(dataDir);
        _layout.EnsureDirectories();
        _scratchDir = _layout.DataDir + ".scratch";
    }

    /// <summary>SNAP: the leader's state through the SNAP stream, saved as snapshot.&lt;zxid&gt; in the data dir.</summary>
    public void Save(ReplicaState state) => SaveTo(_layout, state);

    /// <summary>
    /// SNAP with power lost while the snapshot was being written: the files are left as SnapshotFileWriter
    /// leaves them at one of its steps. It writes the nodes to snapshot-nodes.*.tmp, then the whole file to
    /// snapshot-writing.*.tmp, fsyncs that, renames it to snapshot.&lt;zxid&gt;, syncs the directory and deletes
    /// the nodes file. So a crash leaves a partial nodes file; or it and a partial (perhaps zero-filled) file;
    /// or it and the whole fsynced file not yet renamed (or the rename not durable); or the finished snapshot
    /// and the nodes file. A partial snapshot.&lt;zxid&gt; never exists. Returns whether the snapshot survived, and what was left.
    /// </summary>
    public (bool Survived, string What) SaveTorn(ReplicaState state, Random random)
    {
        // The bytes the writer produces, made in a scratch dir so nothing in the real one is touched but what the crash leaves.
        var scratch = new DataDirLayout(_scratchDir);
        byte[] bytes = File.ReadAllBytes(SaveTo(scratch, state));
        Directory.Delete(_scratchDir, recursive: true);

        string hex = DataDirLayout.Hex(state.LastZxid), tag = random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        string nodesTemp = Path.Combine(_layout.SnapshotDir, $"snapshot-nodes.{hex}.{tag}.tmp");
        string fileTemp = Path.Combine(_layout.SnapshotDir, $"snapshot-writing.{hex}.{tag}.tmp");
        if (!SnapshotFileWriter.IsTemporaryFile(nodesTemp) || !SnapshotFileWriter.IsTemporaryFile(fileTemp))
            throw new SimulationException("storage: SnapshotFileWriter no longer names its temporary files as this model does");

        // The nodes file's content is not the writer's exactly (it holds only the node records): recovery deletes it
        // by its name unread, so a prefix of the snapshot's bytes stands for it.
        switch (random.Next(4))
        {
            case 0:
                int nodesCut = random.Next(bytes.Length + 1);
                File.WriteAllBytes(nodesTemp, bytes[..nodesCut]);
                return (false, $"snapshot 0x{hex} torn while writing its nodes ({nodesCut} bytes of a temporary file)");
            case 1:
                File.WriteAllBytes(nodesTemp, bytes);
                int cut = random.Next(bytes.Length);
                bool zeros = random.Next(2) == 0;
                var partial = new byte[zeros ? bytes.Length : cut];
                bytes.AsSpan(0, cut).CopyTo(partial);
                File.WriteAllBytes(fileTemp, partial);
                return (false, $"snapshot 0x{hex} torn before its fsync ({cut} of {bytes.Length} bytes{(zeros ? ", zeros after them" : "")}, not renamed)");
            case 2:
                File.WriteAllBytes(nodesTemp, bytes);
                File.WriteAllBytes(fileTemp, bytes);
                return (false, $"snapshot 0x{hex} fsynced but its rename lost");
            default:
                File.WriteAllBytes(nodesTemp, bytes);
                File.WriteAllBytes(_layout.SnapshotPath(state.LastZxid), bytes);
                return (true, $"snapshot 0x{hex} renamed into place, its nodes file not yet deleted");
        }
    }

    /// <summary>TRUNC (QuorumService.TruncateTo): snapshots after <paramref name="zxid"/> are deleted.</summary>
    public void DeleteAfter(long zxid)
    {
        foreach (var (snapZxid, path) in _layout.Snapshots()) if (snapZxid > zxid) File.Delete(path);
    }

    /// <summary>
    /// DataDirRecovery on the data dir (after the log's torn tail was cut): it must start from
    /// <paramref name="expected"/> (the newest snapshot that should have survived; null: none, an empty start) and
    /// reach <paramref name="expectedLastZxid"/>, and the snapshot's znodes must be exactly the expected ones.
    /// Returns the snapshot's state as read from the file, and how many temporary files recovery removed.
    /// </summary>
    public (ReplicaState State, int TempFilesRemoved) Recover(ReplicaState? expected, long expectedLastZxid)
    {
        RecoveryResult recovered;
        try
        {
            recovered = DataDirRecovery.Load(_layout);
        }
        catch (RecoveryException e)
        {
            throw new SimulationException($"storage: DataDirRecovery refuses {_layout.DataDir}: {e.Message}");
        }
        long expectedZxid = expected?.LastZxid ?? 0;
        if (recovered.SnapshotZxid != expectedZxid || recovered.LastZxid != expectedLastZxid)
            throw new SimulationException(
                $"storage: DataDirRecovery started from snapshot 0x{recovered.SnapshotZxid:x} and reached 0x{recovered.LastZxid:x}, " +
                $"but the newest snapshot that survived is 0x{expectedZxid:x} and the log reaches 0x{expectedLastZxid:x} " +
                $"({string.Join("; ", recovered.Warnings)})");
        if (recovered.Warnings.FirstOrDefault(w => w.Contains("digest mismatch", StringComparison.Ordinal)) is { } mismatch)
            throw new SimulationException($"storage: {mismatch}");

        var nodes = NodesOf(recovered.Tree);
        var want = expected ?? new ReplicaState();
        if (!nodes.SequenceEqual(want.Nodes))
            throw new SimulationException(
                $"storage: snapshot 0x{expectedZxid:x} read back as [{Describe(nodes)}], but it was written as [{Describe(want.Nodes)}]");
        int removed = recovered.Messages.Count(m => m.Text.Contains("left by a snapshot that did not finish", StringComparison.Ordinal));
        return (ReplicaState.Restored(nodes, want), removed);
    }

    private static string SaveTo(DataDirLayout layout, ReplicaState state)
    {
        var received = ThroughSnapStream(ToTree(state));
        var digest = new ZxidDigest(state.LastZxid, SnapshotFormat.DigestVersion, DigestCalculator.Compute(received.Tree));
        return received.SaveAsSnapshot(layout, state.LastZxid, digest);
    }

    /// <summary>What a learner reads after SNAP: the leader's tree written to the stream and parsed back.</summary>
    private static LoadedSnapStream ThroughSnapStream(DataTree tree)
    {
        using var stream = new MemoryStream();
        SnapStream.Write(stream, tree, []);
        stream.Position = 0;
        var received = SnapStream.Read(stream);
        if (stream.Position != stream.Length)
            throw new SimulationException($"storage: SnapStream.Read stopped at {stream.Position} of the {stream.Length} bytes written");
        return received;
    }

    /// <summary>The state as a real tree: /sim, then one znode per key with the key's value and version.</summary>
    private static DataTree ToTree(ReplicaState state)
    {
        var tree = new DataTree();
        var create = new TxnHeader(0, 0, state.LastZxid, 0, OpCode.Create);
        var setData = create with { Type = OpCode.SetData };
        Check(tree.Apply(create, new CreateTxn(Root, null, Acls.OpenAclUnsafe, Ephemeral: false, ParentCVersion: 1)));
        int cversion = 0;
        foreach (var (path, data, version) in state.Nodes)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(data);
            Check(tree.Apply(create, new CreateTxn(Root + path, bytes, Acls.OpenAclUnsafe, Ephemeral: false, ++cversion)));
            // A SetData txn carries the node's new version, so one gives the key its version.
            if (version != 0) Check(tree.Apply(setData, new SetDataTxn(Root + path, bytes, version)));
        }
        return tree;
    }

    private static void Check(TxnResult result)
    {
        if (result.Err != ErrorCode.Ok)
            throw new SimulationException($"storage: building the snapshot tree: {result.Type} {result.Path} failed with {result.Err}");
    }

    private static List<(string Path, string Data, int Version)> NodesOf(DataTree tree) =>
        tree.Nodes
            .Where(n => n.Key.StartsWith(Root + "/", StringComparison.Ordinal))
            .Select(n => (n.Key[Root.Length..], Encoding.UTF8.GetString(n.Value.Data ?? []), n.Value.Version))
            .OrderBy(n => n.Item1, StringComparer.Ordinal)
            .ToList();

    private static string Describe(IEnumerable<(string Path, string Data, int Version)> nodes) =>
        string.Join(" ", nodes.Select(n => $"{n.Path}={n.Data}@v{n.Version}"));
}
