using System.Runtime.InteropServices;

namespace Keeper.Storage.Snapshots;

/// <summary>
/// fsync for a directory, so a rename into it survives a crash. .NET cannot open a directory as a stream,
/// so on Linux this calls open/fsync/close from libc; elsewhere it does nothing.
/// </summary>
internal static class DurableFiles
{
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var path = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        int fd = open(path, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>Moves <paramref name="from"/> over <paramref name="to"/> (atomic on one file system) and syncs the directory.</summary>
    public static void Publish(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(to)!);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
