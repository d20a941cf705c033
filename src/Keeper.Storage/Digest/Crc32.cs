namespace Keeper.Storage.Digest;

/// <summary>
/// The CRC-32 of zlib and java.util.zip.CRC32 (reflected polynomial 0xEDB88320), slicing by 8.
/// The BCL has no public CRC-32 and the node digest must match Java's bit for bit.
/// </summary>
internal struct Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _crc;

    public Crc32() => _crc = 0xFFFFFFFFu;

    /// <summary>The CRC so far, as Java's getValue() returns it (0 .. 2^32-1).</summary>
    public readonly long Value => ~_crc;

    public void Update(ReadOnlySpan<byte> data)
    {
        uint crc = _crc;
        var t = Table;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            uint one = crc ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            uint two = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
            crc = t[7 * 256 + (one & 0xFF)] ^ t[6 * 256 + ((one >> 8) & 0xFF)]
                ^ t[5 * 256 + ((one >> 16) & 0xFF)] ^ t[4 * 256 + (one >> 24)]
                ^ t[3 * 256 + (two & 0xFF)] ^ t[2 * 256 + ((two >> 8) & 0xFF)]
                ^ t[1 * 256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
        }
        for (; i < data.Length; i++)
            crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        _crc = crc;
    }

    public static long Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Update(data);
        return crc.Value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        for (int slice = 1; slice < 8; slice++)
            for (int n = 0; n < 256; n++)
            {
                uint prev = table[(slice - 1) * 256 + n];
                table[slice * 256 + n] = (prev >> 8) ^ table[prev & 0xFF];
            }
        return table;
    }
}
