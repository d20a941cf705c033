namespace Keeper.Storage.Log;

/// <summary>java.util.zip.Adler32, the checksum of every txn log entry (and of snapshots).</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;
    // The most bytes that can be summed before b might overflow 32 bits (zlib's NMAX).
    private const int MaxRun = 5552;

    public static long Compute(ReadOnlySpan<byte> data) => Update(1, data);

    /// <summary>Continues a checksum: <paramref name="adler"/> is a previous result (1 for none).</summary>
    public static long Update(long adler, ReadOnlySpan<byte> data)
    {
        uint a = (uint)adler & 0xFFFF, b = ((uint)adler >> 16) & 0xFFFF;
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, MaxRun);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }
        return (b << 16) | a;
    }
}
