using System.Globalization;
using System.Text;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Cli;

/// <summary>One zkCli command: its option string (for usage) and what it does.</summary>
internal sealed record ZkCommand(string Options, Func<CliShell, ZooKeeperClient, List<string>, Task> Run);

/// <summary>The commands of zkCli 3.8's cli package, with its outputs and messages.</summary>
internal sealed partial class CliShell
{
    private const long MaxTtl = 0xFF_FFFF_FFFFL;

    private static readonly Dictionary<string, ZkCommand> Commands = new(StringComparer.Ordinal)
    {
        ["addauth"] = new("scheme auth", AddAuthAsync),
        ["addWatch"] = new("[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE", AddWatchAsync),
        ["close"] = new("", CloseAsync),
        ["config"] = new("[-c] [-w] [-s]", ConfigAsync),
        ["create"] = new("[-s] [-e] [-c] [-t ttl] path [data] [acl]", CreateAsync),
        ["delete"] = new("[-v version] path", DeleteAsync),
        ["deleteall"] = new("path [-b batch size]", DeleteAllAsync),
        ["get"] = new("[-s] [-w] path", GetAsync),
        ["getAcl"] = new("[-s] path", GetAclAsync),
        ["getAllChildrenNumber"] = new("path", GetAllChildrenNumberAsync),
        ["getEphemerals"] = new("path", GetEphemeralsAsync),
        ["ls"] = new("[-s] [-w] [-R] path", LsAsync),
        ["delquota"] = new("[-n|-b|-N|-B] path", DelQuotaAsync),
        ["listquota"] = new("path", ListQuotaAsync),
        ["setquota"] = new("-n|-b|-N|-B val path", SetQuotaAsync),
        ["reconfig"] = new(ReconfigUsage, ReconfigAsync),
        ["removewatches"] = new("path [-c|-d|-a] [-l]", RemoveWatchesAsync),
        ["set"] = new("[-s] [-v version] path data", SetAsync),
        ["setAcl"] = new("[-s] [-v version] [-R] path acl", SetAclAsync),
        ["stat"] = new("[-w] path", StatAsync),
        ["sync"] = new("path", SyncAsync),
        ["version"] = new("", VersionAsync),
        ["whoami"] = new("", WhoAmIAsync),
    };

    private static string Usage(List<string> words) => words[0] + " " + Commands[words[0]].Options;

    private static ParsedArgs Parse(List<string> words, string flags, string valued, int minArgs, int maxArgs = int.MaxValue)
    {
        var parsed = ParsedArgs.Parse(words, flags, valued, Usage(words));
        if (parsed.Args.Count < minArgs || parsed.Args.Count > maxArgs) throw new CliException(Usage(words));
        return parsed;
    }

    private static int IntOption(ParsedArgs a, char option, int fallback)
    {
        var v = a.Value(option);
        if (v is null) return fallback;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new CliException("For input string: \"" + v + "\"");
    }

    // ---------------------------------------------------------------- nodes

    private static async Task CreateAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "sec", "t", 2);
        bool e = a.Has('e'), s = a.Has('s'), c = a.Has('c'), t = a.Has('t');
        if (c && (e || s)) throw new CliException("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
        long ttl = 0;
        if (t && !long.TryParse(a.Value('t'), NumberStyles.Integer, CultureInfo.InvariantCulture, out ttl))
            throw new CliException("-t argument must be a long value");
        if (t && e) throw new CliException("TTLs cannot be used with Ephemeral znodes");
        if (t && c) throw new CliException("TTLs cannot be used with Container znodes");
        var mode = e && s ? CreateMode.EphemeralSequential
            : e ? CreateMode.Ephemeral
            : s ? (t ? CreateMode.PersistentSequentialWithTtl : CreateMode.PersistentSequential)
            : c ? CreateMode.Container
            : t ? CreateMode.PersistentWithTtl : CreateMode.Persistent;
        if (t && (ttl > MaxTtl || ttl <= 0))
            throw new CliException("ttl must be positive and cannot be larger than: " + MaxTtl.ToString(CultureInfo.InvariantCulture));

        var path = a.Args[1];
        byte[]? data = a.Args.Count > 2 ? Encoding.UTF8.GetBytes(a.Args[2]) : null;
        IReadOnlyList<Acl> acl = a.Args.Count > 3 ? ParseAcl(sh, a.Args[3]) : Acls.OpenAclUnsafe;
        ValidatePath(path, mode.IsSequential());
        if (acl.Count == 0)
        {
            // Java's client refuses an empty ACL before sending: InvalidACLException without a path.
            sh.Err.WriteLine("KeeperErrorCode = InvalidACL");
            throw new CliException("Acl is not valid : null");
        }

        try
        {
            var created = await zk.CreateAsync(path, data, acl, mode, t ? ttl : -1).ConfigureAwait(false);
            sh.Out.Flush();
            sh.Err.WriteLine("Created " + created);
            sh.Err.Flush();
        }
        catch (KeeperException ex) when (ex.Code == ErrorCode.InvalidAcl)
        {
            sh.Out.Flush();
            sh.Err.WriteLine(ex.Message);
            throw CliException.From(ex);
        }
        catch (KeeperException ex) when (ex.Code == ErrorCode.EphemeralOnLocalSession)
        {
            sh.Err.WriteLine("Unable to create ephemeral node on a local session");
            throw CliException.From(ex);
        }
    }

    private static async Task DeleteAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "v", 2, 3);
        int version = IntOption(a, 'v', -1);
        if (a.Args.Count > 2)
        {
            sh.Err.WriteLine("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
            // zkCli 3.8 rewrites this to -v but then parses the original words: the version is ignored.
        }

        var path = a.Args[1];
        ValidatePath(path);
        await zk.DeleteAsync(path, version).ConfigureAwait(false);
    }

    /// <summary>ZKUtil.deleteRecursive: the subtree breadth first, deleted deepest first in multi batches.</summary>
    private static async Task DeleteAllAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "b", 2, 2);
        int batch = IntOption(a, 'b', 1000);
        // ZKUtil.deleteInBatch sends a batch when it holds exactly batchSize ops: with 0 or less, one multi at the end.
        if (batch <= 0) batch = int.MaxValue;
        var path = a.Args[1];
        ValidatePath(path);
        var tree = await ListSubTreeBfsAsync(zk, path).ConfigureAwait(false);
        bool ok = true;
        var ops = new List<MultiOp>(Math.Min(batch, tree.Count));
        for (int i = tree.Count - 1; i >= 0; i--)
        {
            ops.Add(Ops.Delete(tree[i]));
            if (ops.Count == batch || i == 0)
            {
                try
                {
                    await zk.MultiAsync(ops).ConfigureAwait(false);
                }
                catch (KeeperException)
                {
                    ok = false;
                }

                ops.Clear();
            }
        }

        if (!ok) sh.Err.WriteLine("Failed to delete some node(s) in the subtree!");
    }

    private static async Task<List<string>> ListSubTreeBfsAsync(ZooKeeperClient zk, string root)
    {
        var tree = new List<string> { root };
        for (int i = 0; i < tree.Count; i++)
        {
            var node = tree[i];
            var children = await zk.GetChildrenAsync(node).ConfigureAwait(false);
            foreach (var child in children) tree.Add(node == "/" ? "/" + child : node + "/" + child);
        }

        return tree;
    }

    private static async Task GetAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "sw", "", 2, 2);
        var path = a.Args[1];
        ValidatePath(path);
        var (data, stat) = await zk.GetDataAsync(path, a.Has('w')).ConfigureAwait(false);
        sh.Out.WriteLine(data is null ? "null" : Encoding.UTF8.GetString(data));
        // zkCli 3.5+ prints the stat only with -s; 3.4 printed it always. The tutorial (TUTORIAL.md step 4)
        // expects `get /hello` to print the stat block, so we print it for both forms.
        sh.Out.Write(StatPrinter.Format(stat));
    }

    private static async Task SetAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "s", "v", 3, 3);
        int version = IntOption(a, 'v', -1);
        var path = a.Args[1];
        ValidatePath(path);
        var stat = await zk.SetDataAsync(path, Encoding.UTF8.GetBytes(a.Args[2]), version).ConfigureAwait(false);
        if (a.Has('s')) sh.Out.Write(StatPrinter.Format(stat));
    }

    private static async Task LsAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "swR", "", 2, 3);
        var path = a.Args[1];
        bool watch = a.Has('w');
        if (a.Args.Count > 2)
        {
            // 'ls path watch' is the deprecated form.
            sh.Err.WriteLine("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.");
            watch = true;
        }

        ValidatePath(path);
        if (a.Has('R'))
        {
            await VisitSubTreeDfsAsync(zk, path, watch, p => { sh.Out.WriteLine(p); return Task.CompletedTask; }).ConfigureAwait(false);
            return;
        }

        if (a.Has('s'))
        {
            var (children, stat) = await zk.GetChildren2Async(path, watch).ConfigureAwait(false);
            sh.Out.WriteLine(ListString(Sorted(children)));
            sh.Out.Write(StatPrinter.Format(stat));
        }
        else
        {
            var children = await zk.GetChildrenAsync(path, watch).ConfigureAwait(false);
            sh.Out.WriteLine(ListString(Sorted(children)));
        }
    }

    /// <summary>
    /// ZKUtil.visitSubTreeDFS: the node, then for each node its sorted children's paths, then each child's
    /// subtree in turn (so /t, /t/a, /t/b, /t/a/z). A node deleted meanwhile is skipped.
    /// </summary>
    private static async Task VisitSubTreeDfsAsync(ZooKeeperClient zk, string path, bool watch, Func<string, Task> visit)
    {
        var stat = await zk.ExistsAsync(path, watch).ConfigureAwait(false);
        if (stat is null) throw new KeeperException(ErrorCode.NoNode, path);
        await visit(path).ConfigureAwait(false);
        await VisitChildrenAsync(path).ConfigureAwait(false);

        async Task VisitChildrenAsync(string node)
        {
            IReadOnlyList<string> children;
            try
            {
                children = await zk.GetChildrenAsync(node, watch).ConfigureAwait(false);
            }
            catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
            {
                return;
            }

            var paths = Sorted(children).Select(child => node == "/" ? "/" + child : node + "/" + child).ToList();
            foreach (var p in paths) await visit(p).ConfigureAwait(false);
            foreach (var p in paths) await VisitChildrenAsync(p).ConfigureAwait(false);
        }
    }

    private static async Task StatAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "w", "", 2, 3);
        bool watch = a.Has('w');
        if (a.Args.Count > 2)
        {
            sh.Err.WriteLine("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.");
            watch = true;
        }

        var path = a.Args[1];
        ValidatePath(path);
        var stat = await zk.ExistsAsync(path, watch).ConfigureAwait(false);
        if (stat is null) throw new KeeperException(ErrorCode.NoNode, path);
        sh.Out.Write(StatPrinter.Format(stat.Value));
    }

    private static async Task SyncAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "", 2, 2);
        ValidatePath(a.Args[1]);
        try
        {
            var sync = zk.SyncAsync(a.Args[1]);
            if (await Task.WhenAny(sync, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) != sync)
                throw new CliException("Sync has failed: timed out after 30 s");
            await sync.ConfigureAwait(false);
            sh.Out.WriteLine("Sync is OK");
        }
        catch (KeeperException e)
        {
            sh.Out.WriteLine("Sync has failed. rc=" + ((int)e.Code).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static async Task GetEphemeralsAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "", 1, 2);
        var path = a.Args.Count > 1 ? a.Args[1] : "/";
        ValidatePath(path);
        var ephemerals = await zk.GetEphemeralsAsync(path).ConfigureAwait(false);
        sh.Out.WriteLine(ListString(ephemerals));
    }

    private static async Task GetAllChildrenNumberAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "", 2, 2);
        ValidatePath(a.Args[1]);
        int n = await zk.GetAllChildrenNumberAsync(a.Args[1]).ConfigureAwait(false);
        sh.Out.WriteLine(n.ToString(CultureInfo.InvariantCulture));
    }

    // ---------------------------------------------------------------- ACLs and auth

    private static async Task GetAclAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "s", "", 2, 2);
        ValidatePath(a.Args[1]);
        var (acl, stat) = await zk.GetAclAsync(a.Args[1]).ConfigureAwait(false);
        foreach (var entry in acl)
            sh.Out.WriteLine("'" + CsvEscape(entry.Id.Scheme) + ",'" + CsvEscape(entry.Id.Identity) + "\n: " + PermString(entry.Perms));
        if (a.Has('s')) sh.Out.Write(StatPrinter.Format(stat));
    }

    private static async Task SetAclAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "sR", "v", 3, 3);
        var path = a.Args[1];
        var acl = ParseAcl(sh, a.Args[2]);
        int version = IntOption(a, 'v', -1);
        ValidatePath(path);
        if (a.Has('R'))
        {
            await VisitSubTreeDfsAsync(zk, path, false, async p =>
            {
                try
                {
                    await zk.SetAclAsync(p, acl, version).ConfigureAwait(false);
                }
                catch (KeeperException e)
                {
                    sh.Out.Write(e.Message);
                }
            }).ConfigureAwait(false);
            return;
        }

        var stat = await zk.SetAclAsync(path, acl, version).ConfigureAwait(false);
        if (a.Has('s')) sh.Out.Write(StatPrinter.Format(stat));
    }

    private static async Task AddAuthAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "", 2);
        byte[] auth = a.Args.Count >= 3 ? Encoding.UTF8.GetBytes(a.Args[2]) : [];
        // Java's addAuthInfo does not wait; a refusal shows as an AuthFailed event. We wait (bounded) so
        // the next command runs with the identity, and ignore the outcome as Java does.
        try
        {
            var task = zk.AddAuthAsync(a.Args[1], auth);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        }
        catch (KeeperException)
        {
        }

        _ = sh;
    }

    private static async Task WhoAmIAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        Parse(words, "", "", 1, 1);
        var infos = await zk.WhoAmIAsync().ConfigureAwait(false);
        sh.Out.WriteLine("Auth scheme: User");
        foreach (var info in infos) sh.Out.WriteLine(info.AuthScheme + ": " + info.User);
    }

    /// <summary>AclParser.parse: "scheme:id:perms,..."; a bad entry is reported and skipped.</summary>
    private static List<Acl> ParseAcl(CliShell sh, string text)
    {
        var list = new List<Acl>();
        foreach (var entry in text.Split(','))
        {
            int first = entry.IndexOf(':'), last = entry.LastIndexOf(':');
            if (first == -1 || last == -1 || first == last)
            {
                sh.Err.WriteLine(entry + " does not have the form scheme:id:perm");
                continue;
            }

            var perms = Perms.None;
            foreach (char ch in entry[(last + 1)..])
            {
                switch (ch)
                {
                    case 'r': perms |= Perms.Read; break;
                    case 'w': perms |= Perms.Write; break;
                    case 'c': perms |= Perms.Create; break;
                    case 'd': perms |= Perms.Delete; break;
                    case 'a': perms |= Perms.Admin; break;
                    default: sh.Err.WriteLine("Unknown perm type: " + ch); break;
                }
            }

            list.Add(new Acl(perms, new Id(entry[..first], entry[(first + 1)..last])));
        }

        return list;
    }

    private static string PermString(Perms perms)
    {
        var b = new StringBuilder(5);
        if ((perms & Perms.Create) != 0) b.Append('c');
        if ((perms & Perms.Delete) != 0) b.Append('d');
        if ((perms & Perms.Read) != 0) b.Append('r');
        if ((perms & Perms.Write) != 0) b.Append('w');
        if ((perms & Perms.Admin) != 0) b.Append('a');
        return b.ToString();
    }

    /// <summary>Jute's Utils.toCSVString escaping (after its leading quote).</summary>
    private static string CsvEscape(string s)
    {
        if (s.AsSpan().IndexOfAny("\0\n\r,}%") < 0) return s;
        var b = new StringBuilder(s.Length + 8);
        foreach (char ch in s)
        {
            b.Append(ch switch
            {
                '\0' => "%00",
                '\n' => "%0A",
                '\r' => "%0D",
                ',' => "%2C",
                '}' => "%7D",
                '%' => "%25",
                _ => ch.ToString(),
            });
        }

        return b.ToString();
    }

    // ---------------------------------------------------------------- watches, session, misc

    private static async Task AddWatchAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "m", 2, 2);
        var mode = AddWatchMode.PersistentRecursive;
        if (a.Value('m') is { } m)
        {
            mode = m switch
            {
                "PERSISTENT" => AddWatchMode.Persistent,
                "PERSISTENT_RECURSIVE" => AddWatchMode.PersistentRecursive,
                _ => throw new CliException(Usage(words)),
            };
        }

        ValidatePath(a.Args[1]);
        await zk.AddWatchAsync(a.Args[1], mode).ConfigureAwait(false);
        _ = sh;
    }

    private static async Task RemoveWatchesAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "cdal", "", 2, 2);
        var type = a.Has('c') ? WatcherType.Children : a.Has('d') ? WatcherType.Data : WatcherType.Any;
        ValidatePath(a.Args[1]);
        await zk.RemoveAllWatchesAsync(a.Args[1], type, a.Has('l')).ConfigureAwait(false);
        _ = sh;
    }

    private static async Task ConfigAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "cws", "", 1, 1);
        // Java's getConfig reads /zookeeper/config without the chroot; our client applies it, so without a
        // chroot this is the same request.
        var (data, stat) = await zk.GetDataAsync("/zookeeper/config", a.Has('w')).ConfigureAwait(false);
        var text = data is null ? "null" : Encoding.UTF8.GetString(data);
        sh.Out.WriteLine(a.Has('c') ? ClientConfig(text) : text);
        if (a.Has('s')) sh.Out.Write(StatPrinter.Format(stat));
    }

    /// <summary>ConfigUtils.getClientConfigStr: "version connectString" from a dynamic config.</summary>
    private static string ClientConfig(string config)
    {
        string version = "";
        var clients = new List<string>();
        foreach (var raw in config.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("version=", StringComparison.Ordinal)) version = line["version=".Length..];
            else if (line.StartsWith("server.", StringComparison.Ordinal))
            {
                int semi = line.IndexOf(';');
                if (semi < 0) continue;
                var client = line[(semi + 1)..];
                if (!client.Contains(':')) client = "0.0.0.0:" + client;
                clients.Add(client);
            }
        }

        return version + " " + string.Join(',', clients);
    }

    private static async Task CloseAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        await zk.CloseAsync().ConfigureAwait(false);
        _ = sh;
        _ = words;
    }

    private static Task VersionAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        sh.Out.WriteLine("ZooKeeper CLI version: 3.8.0-keeper");
        _ = zk;
        _ = words;
        return Task.CompletedTask;
    }

    // ---------------------------------------------------------------- helpers

    private static List<string> Sorted(IReadOnlyList<string> items)
    {
        var list = new List<string>(items);
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Java's AbstractCollection.toString: [a, b].</summary>
    private static string ListString(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary>PathUtils.validatePath, with Java's messages (zkCli prints them as they are).</summary>
    private static void ValidatePath(string path, bool sequential = false)
    {
        if (sequential) path += "1";
        if (path.Length == 0) throw new CliException("Path length must be > 0");
        if (path[0] != '/') throw new CliException("Path must start with / character");
        if (path.Length == 1) return;
        if (path[^1] == '/') throw new CliException("Path must not end with / character");
        string? reason = null;
        char last = '/';
        for (int i = 1; i < path.Length; i++)
        {
            char c = path[i];
            if (c == 0) reason = "null character not allowed @" + i;
            else if (c == '/' && last == '/') reason = "empty node name specified @" + i;
            else if (c == '.' && last == '.')
            {
                if (path[i - 2] == '/' && (i + 1 == path.Length || path[i + 1] == '/'))
                    reason = "relative paths not allowed @" + i;
            }
            else if (c == '.')
            {
                if (path[i - 1] == '/' && (i + 1 == path.Length || path[i + 1] == '/'))
                    reason = "relative paths not allowed @" + i;
            }
            else if (c is > '\u0000' and <= '\u001f' or >= '\u007f' and <= '\u009F' or >= '\ud800' and <= '\uf8ff' or >= '\ufff0' and <= '\uffff')
                reason = "invalid character @" + i;

            if (reason is not null) throw new CliException("Invalid path string \"" + path + "\" caused by " + reason);
            last = c;
        }
    }
}
