using Keeper.Storage.Snapshots;

namespace Keeper.Storage.Layout;

/// <summary>
/// Apache's AtomicFileWritingIdiom: the content goes to a temporary file beside the target, is fsynced, and is renamed
/// over it (and the directory synced), so a crash leaves the old file or the new one, never a part.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        DurableFiles.Publish(temp, path);
    }

    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
