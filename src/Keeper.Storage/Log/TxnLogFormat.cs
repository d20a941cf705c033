using Keeper.Protocol.Jute;

namespace Keeper.Storage.Log;

/// <summary>
/// The txn log layout of ZooKeeper 3.8 (FileTxnLog): a 16-byte FileHeader ("ZKLG", version 2, dbid 0),
/// then entries of crc (Adler32 of the entry bytes as an 8-byte long), len (int), the entry bytes
/// (TxnHeader + txn record + optional TxnDigest) and the end-of-record byte 'B'. Files are preallocated
/// with zeros, so an entry of crc 0 and len 0 marks the end of the data.
/// </summary>
public static class TxnLogFormat
{
    public const int Magic = 0x5A4B4C47; // "ZKLG"
    public const int Version = 2;
    public const long Dbid = 0;
    public const int FileHeaderSize = 16;

    /// <summary>crc (8) + len (4) before the entry bytes.</summary>
    public const int EntryPrefixSize = 12;

    /// <summary>Bytes an entry takes besides its entry bytes: the prefix and the 'B'.</summary>
    public const int EntryOverhead = EntryPrefixSize + 1;

    public const byte EndOfRecord = (byte)'B';

    /// <summary>TxnHeader: clientId, cxid, zxid, time, type.</summary>
    public const int TxnHeaderSize = 32;

    /// <summary>TxnDigest: version (int) + treeDigest (long).</summary>
    public const int TxnDigestSize = 12;

    /// <summary>The default preallocation step: 64 MiB (zookeeper.preAllocSize is 65536 KB).</summary>
    public const long DefaultPreAllocSize = 64L * 1024 * 1024;

    /// <summary>
    /// The longest entry Apache's reader accepts: jute.maxbuffer plus the extra allowance
    /// (zookeeper.jute.maxbuffer.extrasize), both 0xfffff by default.
    /// </summary>
    public const int DefaultMaxEntrySize = JuteReader.DefaultMaxBuffer * 2;

    /// <summary>The file size FilePadding.calculateFileSizeWithPadding gives.</summary>
    public static long SizeWithPadding(long position, long fileSize, long preAllocSize)
    {
        if (preAllocSize > 0 && position + 4096 >= fileSize)
        {
            if (position > fileSize)
            {
                fileSize = position + preAllocSize;
                fileSize -= fileSize % preAllocSize;
            }
            else
            {
                fileSize += preAllocSize;
            }
        }
        return fileSize;
    }

    public static int Epoch(long zxid) => (int)(zxid >> 32);
    public static long Counter(long zxid) => zxid & 0xFFFFFFFFL;
}
