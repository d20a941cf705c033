namespace Keeper.Server.Reconfig;

/// <summary>Apache's AtomicFileWritingIdiom: write a temporary file beside the target, fsync it, rename it over.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
