using System.Globalization;
using Keeper.Storage.Layout;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One simulated server's acceptedEpoch and currentEpoch files (the real-disk mode), written with the real
/// <see cref="EpochFile"/> as QuorumService persists them and read at start-up as QuorumService.LoadEpochs reads
/// them. EpochFile.Write writes a temporary file, fsyncs it, renames it into place and syncs the directory
/// before it returns, and the host sends nothing that depends on the epoch (ACKEPOCH, the NEWLEADER ack) until
/// it has returned: so a crash never loses an epoch that was written. What a crash can leave is a write cut
/// short before its rename: the old value in place and a partial temporary file beside it.
/// </summary>
internal sealed class RealEpochs
{
    private readonly DataDirLayout _layout;

    public RealEpochs(string dataDir)
    {
        _layout = new DataDirLayout(dataDir);
        _layout.EnsureDirectories();
    }

    public void WriteAccepted(long epoch) => EpochFile.Write(_layout.AcceptedEpochFile, epoch);

    public void WriteCurrent(long epoch) => EpochFile.Write(_layout.CurrentEpochFile, epoch);

    /// <summary>
    /// QuorumService.LoadEpochs: a missing file starts at the epoch of <paramref name="lastZxid"/> and is
    /// written; a current epoch after the accepted one is a corrupt data dir.
    /// </summary>
    public (long Accepted, long Current) Load(long lastZxid)
    {
        long fromZxid = lastZxid >> 32;
        long? current = EpochFile.Read(_layout.CurrentEpochFile);
        if (current is null) EpochFile.Write(_layout.CurrentEpochFile, fromZxid);
        long? accepted = EpochFile.Read(_layout.AcceptedEpochFile);
        if (accepted is null) EpochFile.Write(_layout.AcceptedEpochFile, fromZxid);
        long c = current ?? fromZxid, a = accepted ?? fromZxid;
        if (c > a) throw new SimulationException($"storage: the current epoch {c} is after the accepted epoch {a} in {_layout.SnapshotDir}");
        return (a, c);
    }

    /// <summary>
    /// Power loss: sometimes it came while the next epoch write was under way (the same as a crash just before it,
    /// since nothing of it was visible yet): that write's temporary file is left with part of its digits.
    /// </summary>
    public string? Crash(Random random, long accepted, long current)
    {
        if (random.Next(4) != 0) return null;
        bool ofAccepted = random.Next(2) == 0;
        string file = ofAccepted ? _layout.AcceptedEpochFile : _layout.CurrentEpochFile;
        string next = ((ofAccepted ? accepted : current) + 1).ToString(CultureInfo.InvariantCulture);
        int kept = random.Next(next.Length + 1);
        File.WriteAllText(file + ".tmp", next[..kept]);
        return $"{Path.GetFileName(file)} write cut short before its rename ({kept} of {next.Length} digits in the temporary file)";
    }
}
