using Keeper.Consensus.Zab;
using Keeper.Protocol.Jute;
using Keeper.Storage.Layout;
using Keeper.Storage.Log;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One simulated server's txn log as the real storage code keeps it, in a temp directory: TxnLogWriter appends
/// (fsync off: the simulation decides what is durable), TxnLogRepair cuts for TRUNC and SNAP the way
/// FileTxnLog.TruncateAfter does, and at start-up TxnLogReader reads it back and TxnLogRepair cuts a torn
/// tail, as DataDirRecovery does. A crash rewrites the newest file the way power loss leaves it: cut somewhere
/// in the first write that never became durable, the cut-off part perhaps still preallocated zeros, and the
/// partial entry kept, zeroed or damaged.
/// </summary>
internal sealed class RealTxnLog : IDisposable
{
    // A small preallocation step keeps the temp files small while still leaving zeros after the data, which
    // the reader must take as the end of the log (and a torn tail must be told apart from).
    private static readonly TxnLogWriterOptions WriterOptions = new(PreAllocSize: 4096, ForceSync: false, BufferSize: 4096);
    private static readonly TxnLogReaderOptions ReadAll = new(CheckZxidGaps: false);

    private readonly DataDirLayout _layout;
    // Where each logged entry's bytes end (file and offset), oldest first, parallel to SimDisk's log.
    private readonly List<(long Zxid, string File, long End)> _ends = [];
    private TxnLogWriter? _writer;

    public RealTxnLog(string dataDir)
    {
        _layout = new DataDirLayout(dataDir);
        _layout.EnsureDirectories();
    }

    public string Dir => _layout.LogDir;

    public int Count => _ends.Count;

    /// <summary>Appends a proposal's txn entry; its bytes reach the OS now and become durable only when the simulation says so.</summary>
    public void Append(Proposal proposal)
    {
        var (header, body, digest) = TxnEntryCodec.Read(proposal.Data);
        _writer ??= new TxnLogWriter(_layout, WriterOptions);
        _writer.Append(header, body, digest?.TreeDigest);
        // Written out at once (no fsync): what a crash may keep is then really in the file.
        _writer.Flush();
        _ends.Add((proposal.Zxid, _writer.CurrentFile!, _writer.CurrentLogSize));
    }

    /// <summary>FileTxnLog.TruncateAfter (TRUNC, or a SNAP's log cut): roll, cut the logs, appends continue after zxid in a new file.</summary>
    public void TruncateAfter(long zxid)
    {
        if (_writer is { } writer)
        {
            writer.Roll();
            writer.Sync();
        }
        if (!TxnLogRepair.TruncateAfter(_layout, zxid))
        {
            // No log holds zxid itself: every log that starts after it goes (as FileTxnLog does).
            foreach (var (first, path) in _layout.Logs()) if (first > zxid) File.Delete(path);
        }
        _writer ??= new TxnLogWriter(_layout, WriterOptions);
        _writer.RewindTo(zxid);
        int keep = _ends.Count;
        while (keep > 0 && _ends[keep - 1].Zxid > zxid) keep--;
        _ends.RemoveRange(keep, _ends.Count - keep);
    }

    /// <summary>
    /// Power loss with <paramref name="durable"/> entries durable, of which <paramref name="survive"/> more of
    /// the unsynced ones reached the platter whole: the newest file is cut inside the next entry (or, when that
    /// is the file's first, sometimes inside the header) and rewritten as a crash leaves it. Returns what was done.
    /// </summary>
    public string Crash(Random random, int durable, int survive)
    {
        // The process dies: its handles close, nothing more is written (everything was flushed at append).
        _writer?.Dispose();
        _writer = null;
        int kept = durable + survive;
        if (kept >= _ends.Count) return "nothing torn";

        var (_, file, end) = _ends[kept];
        for (int i = durable; i < _ends.Count; i++)
            if (_ends[i].File != file)
                throw new SimulationException($"unsynced txns span two log files ({_ends[i].File} and {file}): only the newest one should hold any");
        long start = kept > 0 && _ends[kept - 1].File == file ? _ends[kept - 1].End : TxnLogFormat.FileHeaderSize;
        int entrySize = (int)(end - start);
        // The torn entry: a prefix of its bytes survives; if it is the file's first and nothing in the file is
        // durable, the header may be torn too (the file was created and never synced).
        bool firstInFile = start == TxnLogFormat.FileHeaderSize && (durable == 0 || _ends[durable - 1].File != file);
        long cut = firstInFile && random.Next(4) == 0 ? random.Next(TxnLogFormat.FileHeaderSize) : start + random.Next(entrySize);

        string what;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            long length = stream.Length;
            stream.SetLength(cut);
            long partial = cut - start;
            int damage = random.Next(3);
            if (partial > 0 && damage == 1)
            {
                // The sectors of the torn write that did arrive hold zeros (allocated, never written).
                stream.Position = start;
                stream.Write(new byte[partial]);
                what = $"cut at {cut}, the partial entry's {partial} bytes zeroed";
            }
            else if (partial > 0 && damage == 2)
            {
                // A torn sector holds garbage. Not in the length field: a length that points inside the torn
                // write's own surviving bytes looks like corruption (something follows the bad entry), which
                // the reader refuses by design, as ZooKeeper refuses a CRC error anywhere.
                // Bytes 8..11 of the entry (its length) are left alone: count the others and pick one.
                int lengthBytes = (int)Math.Max(0, Math.Min(partial, TxnLogFormat.EntryPrefixSize) - 8);
                int pick = random.Next((int)partial - lengthBytes);
                long at = start + (pick < 8 ? pick : pick + lengthBytes);
                stream.Position = at;
                int b = stream.ReadByte();
                stream.Position = at;
                stream.WriteByte((byte)(b ^ (1 << random.Next(8))));
                what = $"cut at {cut}, a bit of the partial entry flipped at {at}";
            }
            else
            {
                what = $"cut at {cut}" + (partial > 0 ? $" ({partial} of the entry's {entrySize} bytes)" : "");
            }
            // The file's size may have reached the disk before the data (the preallocated zeros remain) or not.
            if (random.Next(2) == 0 && length > cut)
            {
                stream.SetLength(length);
                what += ", preallocated zeros after it";
            }
        }
        _ends.RemoveRange(kept, _ends.Count - kept);
        return $"{Path.GetFileName(file)} {what}";
    }

    /// <summary>
    /// Start-up (and after a TRUNC, as QuorumService.RecoverState): every log read back with the real reader,
    /// a torn tail cut off with TxnLogRepair; returns the proposals as the log holds them, and what was cut.
    /// The log after <paramref name="snapshotZxid"/> is then read again as DataDirRecovery reads it (zxid gaps
    /// refused), so a hole that would stop a real server from starting fails the run.
    /// </summary>
    public (List<Proposal> Entries, string? Torn) Recover(long snapshotZxid)
    {
        var entries = new List<Proposal>();
        _ends.Clear();
        string? torn = null;
        using (var writer = new JuteWriter(256))
        using (var reader = TxnLogReader.Open(_layout, 0, ReadAll))
        {
            // Bounded: the reader stops at the end of the last file.
            while (reader.MoveNext())
            {
                var e = reader.Current!;
                writer.Reset();
                TxnEntryCodec.Write(writer, e.Header, e.Body, e.Digest?.TreeDigest);
                entries.Add(new Proposal(e.Header.Zxid, writer.ToArray()));
                _ends.Add((e.Header.Zxid, e.File, e.Offset + e.Size));
            }
            if (reader.TornTail is { } tail)
            {
                torn = $"{Path.GetFileName(tail.File)} torn at {tail.Offset}: {tail.Problem}";
                TxnLogRepair.TruncateTornTail(tail);
            }
        }
        try
        {
            using var strict = TxnLogReader.Open(_layout, snapshotZxid + 1);
            int read = 0;
            while (strict.MoveNext()) read++;
            if (strict.TornTail is { } again)
                throw new SimulationException($"storage: the log is still torn after the repair: {again.Problem} in {again.File} at {again.Offset}");
        }
        catch (ZxidGapException e)
        {
            throw new SimulationException($"storage: the log after the snapshot 0x{snapshotZxid:x} has a hole recovery would refuse: {e.Message}");
        }
        return (entries, torn);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
