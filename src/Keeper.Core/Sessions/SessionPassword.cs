namespace Keeper.Core.Sessions;

/// <summary>
/// The 16-byte session password exactly as Apache ZooKeeper makes it: java.util.Random seeded with
/// sessionId ^ 0xB3415C00, nextBytes(16). Any server of a mixed ensemble can then check a reconnect.
/// </summary>
public static class SessionPassword
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Mask = (1L << 48) - 1;

    public static byte[] For(long sessionId)
    {
        long seed = ((sessionId ^ 0xB3415C00L) ^ Multiplier) & Mask;
        var bytes = new byte[16];
        for (int i = 0; i < bytes.Length;)
        {
            seed = (seed * Multiplier + 0xBL) & Mask;
            int random = (int)((ulong)seed >> 16);
            for (int n = 0; n < 4 && i < bytes.Length; n++, random >>= 8) bytes[i++] = (byte)random;
        }
        return bytes;
    }
}
