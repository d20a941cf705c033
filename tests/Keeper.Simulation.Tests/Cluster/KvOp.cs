using System.Text;
using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Cluster;

/// <summary>
/// One client request as it travels through Zab: the znode operation and who asked (client, sequence
/// number), so the server that took the request can recognise its txn when it commits. Reads are txns
/// too — a no-op answered when it is applied — which makes them linearizable without a sync.
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

    public static KvOp Decode(byte[] data)
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
