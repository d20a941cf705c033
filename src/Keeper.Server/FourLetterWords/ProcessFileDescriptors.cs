namespace Keeper.Server.FourLetterWords;

/// <summary>
/// mntr's <c>open_file_descriptor_count</c> and <c>max_file_descriptor_count</c> (Java's UnixOperatingSystemMXBean):
/// read from /proc on Linux; null elsewhere, which leaves the lines out as ZooKeeper does off Unix.
/// </summary>
internal static class ProcessFileDescriptors
{
    public static long? OpenCount()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit from <c>/proc/self/limits</c> ("Max open files").</summary>
    public static long? MaxCount()
    {
        try
        {
            if (!File.Exists("/proc/self/limits"))
            {
                return null;
            }

            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 0 } && long.TryParse(fields[0], out var soft) ? soft : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
