using Keeper.Protocol.Jute;

namespace Keeper.Interop.Tests.Differential;

/// <summary>A request body given as bytes, for bodies no record describes (e.g. a truncated one).</summary>
internal sealed record RawBytes(byte[] Bytes) : IJuteRecord
{
    public void Write(JuteWriter writer) => writer.WriteRaw(Bytes);

    public override string ToString() => "0x" + Convert.ToHexString(Bytes).ToLowerInvariant();
}
