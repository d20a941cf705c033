using System.Text;

namespace Keeper.Protocol.Tests.Support;

/// <summary>Hex as PROTOCOL.md writes it: lowercase, with spaces and '|' allowed as separators.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex)
    {
        var clean = new StringBuilder(hex.Length);
        foreach (char c in hex)
            if (!char.IsWhiteSpace(c) && c != '|') clean.Append(c);
        return Convert.FromHexString(clean.ToString());
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Canonical form of a spaced hex string, for readable assertion diffs.</summary>
    public static string Normalize(string hex) => Of(Parse(hex));

    /// <summary><c>count</c> zero bytes, as the "&lt;16×00&gt;" of PROTOCOL.md §12.</summary>
    public static string Zeros(int count) => new('0', count * 2);
}
