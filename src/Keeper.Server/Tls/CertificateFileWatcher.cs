using Keeper.Server.Logging;

namespace Keeper.Server.Tls;

/// <summary>
/// <c>client.certReload</c>: watches the key and trust store files' directories, as ZooKeeper's FileChangeWatcher does,
/// and rereads both stores when either file is written or replaced (a rename onto it counts). Changes are gathered for
/// a moment first, so a file written in several steps is read once, whole.
/// </summary>
internal sealed class CertificateFileWatcher : IDisposable
{
    private static readonly Logger Log = Logging.Log.For<CertificateFileWatcher>();
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    private readonly ServerTls _tls;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _reload;

    private CertificateFileWatcher(ServerTls tls)
    {
        _tls = tls;
        _reload = new Timer(_ => _tls.Reload(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Starts watching the configured stores' files.</summary>
    public static CertificateFileWatcher Start(ServerTls tls)
    {
        var watcher = new CertificateFileWatcher(tls);
        foreach (var store in new[] { tls.Settings.KeyStore, tls.Settings.TrustStore })
        {
            if (store is null) continue;
            var path = Path.GetFullPath(store.Location);
            var directory = Path.GetDirectoryName(path)!;
            var fs = new FileSystemWatcher(directory, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            fs.Changed += (_, _) => watcher.Changed();
            fs.Created += (_, _) => watcher.Changed();
            fs.Renamed += (_, _) => watcher.Changed();
            fs.Error += (_, e) => { Log.Warn($"Watching {directory} failed ({e.GetException().Message}); reloading to be sure"); watcher.Changed(); };
            fs.EnableRaisingEvents = true;
            watcher._watchers.Add(fs);
            Log.Info($"Watching {path} for changes (reloading the {tls.Purpose} certificates)");
        }

        return watcher;
    }

    private void Changed() => _reload.Change(Settle, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        foreach (var fs in _watchers) fs.Dispose();
        _reload.Dispose();
    }
}
