using Keeper.Storage.Layout;

namespace Keeper.Storage.Tests.SnapshotSupport;

/// <summary>A fresh directory under the temp dir, removed on dispose; <see cref="Layout"/> is a data dir in it.</summary>
internal sealed class ScratchDir : IDisposable
{
    public ScratchDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "keeper-snap-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        Layout = new DataDirLayout(Path);
    }

    public string Path { get; }
    public DataDirLayout Layout { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies the Apache-written fixture data dir (version-2/...) into this one.</summary>
    public DataDirLayout CopyApacheFixture(params string[] only)
    {
        Layout.EnsureDirectories();
        foreach (var file in Directory.EnumerateFiles(Fixtures.ApacheVersion2))
        {
            var name = System.IO.Path.GetFileName(file);
            if (only.Length == 0 || only.Contains(name)) System.IO.File.Copy(file, System.IO.Path.Combine(Layout.SnapshotDir, name));
        }
        return Layout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
