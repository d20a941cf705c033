using System.Buffers.Binary;
using System.Text;

namespace Keeper.Server.Network;

/// <summary>The four-letter words recognised as the first four bytes of a connection.</summary>
internal static class FourLetterWordCodes
{
    private static readonly Dictionary<int, string> Words = new[]
    {
        "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr", "ruok", "srst", "srvr",
        "stat", "stmk", "wchc", "wchp", "wchs",
    }.ToDictionary(w => BinaryPrimitives.ReadInt32BigEndian(Encoding.ASCII.GetBytes(w)));

    public static bool TryGetWord(int code, out string word) => Words.TryGetValue(code, out word!);
}
