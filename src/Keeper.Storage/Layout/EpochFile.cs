using System.Globalization;

namespace Keeper.Storage.Layout;

/// <summary>
/// dataDir/version-2/acceptedEpoch and currentEpoch: one decimal number, no newline, as QuorumPeer writes them
/// (atomically: a temporary file fsynced and renamed into place, so a crash leaves the old value or the new one).
/// </summary>
public static class EpochFile
{
    /// <summary>The value in <paramref name="path"/>, or null when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">the file holds something other than a number (names the file).</exception>
    public static long? Read(string path)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        int newline = text.IndexOfAny(['\r', '\n']);
        string line = newline >= 0 ? text[..newline] : text;
        if (!long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw new InvalidDataException($"Found '{line}' in {path}: an epoch file holds one decimal number");
        return value;
    }

    public static void Write(string path, long value) =>
        AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
}
