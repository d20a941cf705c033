using System.Buffers.Binary;
using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The words ZooKeeper recognises in the first four bytes of a new connection (<c>FourLetterCommands.cmd2String</c>),
/// as the big-endian int those bytes make. Anything else in those bytes is a frame length.
/// </summary>
internal static class FourLetterWordCodes
{
    /// <summary>What telnet sends when it closes; ZooKeeper lists it so the connection just closes quietly.</summary>
    public const string TelnetClose = "telnet close";

    public const int TelnetCloseCode = unchecked((int)0xfff4fffd);

    /// <summary>Every known word: the 17 commands, <c>hash</c>, and telnet's close sequence.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok", "stmk", "srst", "srvr", "stat", "wchc",
        "wchp", "wchs", "mntr", "isro", "hash", TelnetClose,
    ];

    private static readonly Dictionary<int, string> ByCode = All.ToDictionary(CodeOf);

    public static bool IsKnown(int code) => ByCode.ContainsKey(code);

    /// <summary>The word for a code, or null when the four bytes are not a known word.</summary>
    public static string? NameOf(int code) => ByCode.GetValueOrDefault(code);

    public static bool TryGetWord(int code, out string word) => ByCode.TryGetValue(code, out word!);

    /// <summary>Reads the first four bytes of a connection as ZooKeeper does (a big-endian int).</summary>
    public static int CodeOf(ReadOnlySpan<byte> firstFourBytes) => BinaryPrimitives.ReadInt32BigEndian(firstFourBytes);

    public static int CodeOf(string word) =>
        word == TelnetClose ? TelnetCloseCode : CodeOf(Encoding.ASCII.GetBytes(word));
}
