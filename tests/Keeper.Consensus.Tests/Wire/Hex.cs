namespace Keeper.Consensus.Tests.Wire;

internal static class Hex
{
    /// <summary>Hex with spaces, '|' and newlines allowed, so expected bytes can be laid out field by field.</summary>
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(hex.Replace(" ", "").Replace("|", "").Replace("\n", "").Replace("\r", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
