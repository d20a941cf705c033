using System.Text;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Simulation.Tests.Linearizability.Models;
using Keeper.Storage.Log;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One client request as it travels through Zab: the znode operation and who asked (client, sequence
/// number), so the server that took the request can recognise its txn when it commits. Reads are txns
/// too — a no-op answered when it is applied — which makes them linearizable without a sync.
/// A proposal's bytes are a real txn log entry (<see cref="TxnEntryCodec"/>: TxnHeader + SetDataTxn on the
/// op's path, the request bytes as its data), so the real-disk mode logs exactly what Zab carries and
/// recovery parses it with the real reader.
/// </summary>
internal readonly record struct KvOp(int Client, int Seq, ZNodeInput Input)
{
    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Client);
            w.Write(Seq);
            w.Write((byte)Input.Kind);
            w.Write(Input.ExpectedVersion);
            w.Write(Input.Path);
            w.Write(Input.Data is not null);
            if (Input.Data is not null) w.Write(Input.Data);
        }
        return buffer.ToArray();
    }

    /// <summary>The txn entry a leader proposes for a request (<see cref="Encode"/>'s bytes) as <paramref name="zxid"/>.</summary>
    public static byte[] Txn(long zxid, byte[] request, long now)
    {
        var op = DecodeRequest(request);
        using var writer = new JuteWriter(64 + request.Length);
        var header = new TxnHeader(op.Client, op.Seq, zxid, now, OpCode.SetData);
        TxnEntryCodec.Write(writer, header, new SetDataTxn(op.Input.Path, request, ZNodeInput.AnyVersion), treeDigest: null);
        return writer.ToArray();
    }

    /// <summary>The op inside a proposal's txn entry (throws if the bytes are no such entry: a corrupted txn).</summary>
    public static KvOp Decode(byte[] txn)
    {
        var (header, body, _) = TxnEntryCodec.Read(txn);
        if (header.Type != OpCode.SetData || body is not SetDataTxn { Data: { } request })
            throw new SimulationException($"txn 0x{header.Zxid:x} is a {header.Type}, not a simulated op");
        return DecodeRequest(request);
    }

    public static KvOp DecodeRequest(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        int client = r.ReadInt32();
        int seq = r.ReadInt32();
        var kind = (ZNodeOpKind)r.ReadByte();
        int expected = r.ReadInt32();
        string path = r.ReadString();
        string? value = r.ReadBoolean() ? r.ReadString() : null;
        return new KvOp(client, seq, new ZNodeInput(path, kind, value, expected));
    }

    public override string ToString() => $"c{Client}#{Seq} {Input}";
}
