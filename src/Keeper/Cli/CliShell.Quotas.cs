using System.Globalization;
using System.Text;
using Keeper.Client;
using Keeper.Core.Quotas;
using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Cli;

/// <summary>
/// zkCli 3.8's setquota, listquota and delquota (cli/SetQuotaCommand, ListQuotaCommand, DelQuotaCommand): the
/// quota of <c>/app</c> is kept by the client in <c>/zookeeper/quota/app/zookeeper_limits</c> and
/// <c>zookeeper_stats</c>; the server only counts. Messages, their stream and the exit status are zkCli's.
/// </summary>
internal sealed partial class CliShell
{
    private const string QuotaOptions = "nbNB";
    private const string QuotaOptionsDescribed = "-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota";

    private static async Task SetQuotaAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = ParsedArgs.Parse(words, "", QuotaOptions, Usage(words));
        a.CheckGroup(QuotaOptions, required: true, QuotaOptionsDescribed);
        if (a.Args.Count < 2) throw new CliException(Usage(words));

        var path = a.Args[1];
        if (path.StartsWith(QuotaPaths.QuotaRoot, StringComparison.Ordinal))
        {
            sh.ErrLine("cannot set a quota under the path: " + QuotaPaths.QuotaRoot);
            return;
        }
        var quota = new StatsTrack { Count = -1, Bytes = -1, CountHardLimit = -1, ByteHardLimit = -1 };
        if (!ReadQuotaOptions(sh, a, quota)) return;
        await CreateQuotaAsync(sh, zk, path, quota).ConfigureAwait(false);
    }

    /// <summary>SetQuotaCommand.checkOptionValue: counts are ints above 0, bytes longs from 0.</summary>
    private static bool ReadQuotaOptions(CliShell sh, ParsedArgs a, StatsTrack quota)
    {
        foreach (var (option, isCount) in new[] { ('n', true), ('b', false), ('N', true), ('B', false) })
        {
            if (a.Value(option) is not { } text) continue;
            // Integer.parseInt for the counts, Long.parseLong for the bytes.
            bool parsed = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
                && (!isCount || value is >= int.MinValue and <= int.MaxValue);
            if (!parsed)
            {
                sh.ErrLine("NumberFormatException happens when parsing the option value");
                return false;
            }
            if (isCount ? value <= 0 : value < 0)
            {
                sh.ErrLine(isCount ? "the num quota must be greater than zero" : "the bytes quota must be greater than or equal to zero");
                return false;
            }
            switch (option)
            {
                case 'n': quota.Count = value; break;
                case 'b': quota.Bytes = value; break;
                case 'N': quota.CountHardLimit = value; break;
                default: quota.ByteHardLimit = value; break;
            }
        }
        return true;
    }

    /// <summary>SetQuotaCommand.createQuota: no quota over or under another one, then the nodes, then the limits.</summary>
    private static async Task CreateQuotaAsync(CliShell sh, ZooKeeperClient zk, string path, StatsTrack quota)
    {
        ValidatePath(path);
        if (await zk.ExistsAsync(path).ConfigureAwait(false) is null) throw new CliException(path + " does not exist.");
        await CheckNoChildQuotaAsync(zk, path).ConfigureAwait(false);
        await CheckNoParentQuotaAsync(zk, path).ConfigureAwait(false);

        var quotaPath = QuotaPaths.QuotaRoot;
        foreach (var segment in JavaSplitSlash(path).Skip(1))
        {
            quotaPath += "/" + segment;
            if (await zk.ExistsAsync(quotaPath).ConfigureAwait(false) is null)
                await CreateIgnoringExistsAsync(zk, quotaPath, null).ConfigureAwait(false);
        }
        var statPath = quotaPath + "/" + QuotaPaths.StatNode;
        var limitPath = quotaPath + "/" + QuotaPaths.LimitNode;
        if (await zk.ExistsAsync(limitPath).ConfigureAwait(false) is null)
        {
            await zk.CreateAsync(limitPath, quota.ToBytes(), Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false);
            var empty = new StatsTrack { Count = 0, Bytes = 0 };
            await zk.CreateAsync(statPath, empty.ToBytes(), Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false);
            var limits = ParseQuota((await zk.GetDataAsync(limitPath).ConfigureAwait(false)).Data);
            var stats = ParseQuota((await zk.GetDataAsync(statPath).ConfigureAwait(false)).Data);
            WarnIfBelowUsage(sh, limits, stats);
            return;
        }

        var current = ParseQuota((await zk.GetDataAsync(limitPath).ConfigureAwait(false)).Data);
        if (quota.Count > -1) current.Count = quota.Count;
        if (quota.Bytes > -1) current.Bytes = quota.Bytes;
        if (quota.CountHardLimit > -1) current.CountHardLimit = quota.CountHardLimit;
        if (quota.ByteHardLimit > -1) current.ByteHardLimit = quota.ByteHardLimit;
        var usage = ParseQuota((await zk.GetDataAsync(statPath).ConfigureAwait(false)).Data);
        WarnIfBelowUsage(sh, current, usage);
        await zk.SetDataAsync(limitPath, current.ToBytes(), -1).ConfigureAwait(false);
    }

    private static async Task CreateIgnoringExistsAsync(ZooKeeperClient zk, string path, byte[]? data)
    {
        try
        {
            await zk.CreateAsync(path, data, Acls.OpenAclUnsafe, CreateMode.Persistent).ConfigureAwait(false);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.NodeExists)
        {
        }
    }

    /// <summary>SetQuotaCommand.checkQuota: printed on stdout, and the quota is set all the same.</summary>
    private static void WarnIfBelowUsage(CliShell sh, StatsTrack limits, StatsTrack stats)
    {
        if ((limits.Count > -1 && limits.Count < stats.Count) || (limits.CountHardLimit > -1 && limits.CountHardLimit < stats.Count))
            sh.OutLine("[Warning]: the count quota you create is less than the existing count:" + stats.Count.ToString(CultureInfo.InvariantCulture));
        if ((limits.Bytes > -1 && limits.Bytes < stats.Bytes) || (limits.ByteHardLimit > -1 && limits.ByteHardLimit < stats.Bytes))
            sh.OutLine("[Warning]: the bytes quota you create is less than the existing bytes:" + stats.Bytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// SetQuotaCommand.checkIfChildQuota: the quota tree under the path, visited as ZKUtil.visitSubTreeDFS
    /// visits, must hold no limit node but the path's own.
    /// </summary>
    private static async Task CheckNoChildQuotaAsync(ZooKeeperClient zk, string path)
    {
        var own = QuotaPaths.QuotaPath(path);
        ValidatePath(own);
        try
        {
            await zk.GetDataAsync(own).ConfigureAwait(false);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
        {
            return;
        }

        await VisitSubTreeDfsAsync(zk, own, false, async quotaPath =>
        {
            IReadOnlyList<string> children;
            try
            {
                children = await zk.GetChildrenAsync(quotaPath).ConfigureAwait(false);
            }
            catch (KeeperException)
            {
                return;
            }
            if (quotaPath != own && children.Contains(QuotaPaths.LimitNode))
                throw new CliException(path + " has a child " + QuotaPaths.TrimQuotaPath(quotaPath) + " which has a quota");
        }).ConfigureAwait(false);
    }

    /// <summary>SetQuotaCommand.checkIfParentQuota: no ancestor's quota node may hold a limit node.</summary>
    private static async Task CheckNoParentQuotaAsync(ZooKeeperClient zk, string path)
    {
        var segments = JavaSplitSlash(path);
        var quotaPath = QuotaPaths.QuotaRoot;
        for (int i = 1; i < segments.Count - 1; i++)
        {
            quotaPath += "/" + segments[i];
            IReadOnlyList<string> children;
            try
            {
                children = await zk.GetChildrenAsync(quotaPath).ConfigureAwait(false);
            }
            catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
            {
                return;
            }
            if (children.Count == 0) return;
            if (quotaPath != QuotaPaths.QuotaPath(path) && children.Contains(QuotaPaths.LimitNode))
                throw new CliException(path + " has a parent " + QuotaPaths.TrimQuotaPath(quotaPath) + " which has a quota");
        }
    }

    private static async Task ListQuotaAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = Parse(words, "", "", 2);
        var path = a.Args[1];
        var limitPath = QuotaPaths.LimitPath(path);
        sh.ErrLine("absolute path is " + limitPath);
        ValidatePath(limitPath);
        try
        {
            var limits = ParseQuota((await zk.GetDataAsync(limitPath).ConfigureAwait(false)).Data);
            var statPath = QuotaPaths.StatPath(path);
            ValidatePath(statPath);
            var stats = ParseQuota((await zk.GetDataAsync(statPath).ConfigureAwait(false)).Data);
            sh.OutLine("Output quota for " + path + " " + limits);
            sh.OutLine("Output stat for " + path + " " + stats);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
        {
            sh.ErrLine("quota for " + path + " does not exist.");
        }
    }

    private static async Task DelQuotaAsync(CliShell sh, ZooKeeperClient zk, List<string> words)
    {
        var a = ParsedArgs.Parse(words, QuotaOptions, "", Usage(words));
        a.CheckGroup(QuotaOptions, required: false, QuotaOptionsDescribed);
        if (a.Args.Count < 2) throw new CliException(Usage(words));
        var path = a.Args[1];
        try
        {
            await DeleteQuotaAsync(sh, zk, path, a.Order.Count > 0 ? a : null).ConfigureAwait(false);
        }
        catch (KeeperException e) when (e.Code == ErrorCode.NoNode)
        {
            sh.ErrLine("quota for " + path + " does not exist.");
        }
    }

    /// <summary>DelQuotaCommand.delQuota: the flagged limits back to -1, or without flags the whole quota.</summary>
    private static async Task DeleteQuotaAsync(CliShell sh, ZooKeeperClient zk, string path, ParsedArgs? flags)
    {
        var parentPath = QuotaPaths.QuotaPath(path);
        var limitPath = QuotaPaths.LimitPath(path);
        ValidatePath(limitPath);
        if (await zk.ExistsAsync(limitPath).ConfigureAwait(false) is null)
        {
            sh.OutLine("Quota does not exist for " + path);
            return;
        }
        var limits = ParseQuota((await zk.GetDataAsync(limitPath).ConfigureAwait(false)).Data);
        if (flags is null)
        {
            foreach (var child in await zk.GetChildrenAsync(parentPath).ConfigureAwait(false))
                await zk.DeleteAsync(parentPath + "/" + child, -1).ConfigureAwait(false);
            await TrimQuotaTreeAsync(zk, parentPath).ConfigureAwait(false);
            return;
        }
        if (flags.Has('n')) limits.Count = -1;
        if (flags.Has('b')) limits.Bytes = -1;
        if (flags.Has('N')) limits.CountHardLimit = -1;
        if (flags.Has('B')) limits.ByteHardLimit = -1;
        await zk.SetDataAsync(limitPath, limits.ToBytes(), -1).ConfigureAwait(false);
    }

    /// <summary>DelQuotaCommand.trimProcQuotas: empty quota-tree nodes are removed up to /zookeeper/quota.</summary>
    private static async Task TrimQuotaTreeAsync(ZooKeeperClient zk, string path)
    {
        while (path != QuotaPaths.QuotaRoot)
        {
            if ((await zk.GetChildrenAsync(path).ConfigureAwait(false)).Count != 0) return;
            await zk.DeleteAsync(path, -1).ConfigureAwait(false);
            path = path[..path.LastIndexOf('/')];
        }
    }

    /// <summary>
    /// A quota node's text as the Java client reads it. When it does not parse zkCli.sh dies with the
    /// exception's stack trace; we fail the command (status 1) and go on.
    /// </summary>
    private static StatsTrack ParseQuota(byte[]? data)
    {
        try
        {
            return StatsTrack.Parse(data);
        }
        catch (FormatException e)
        {
            throw new CliException("The quota node's text does not parse: " + e.Message);
        }
    }

    /// <summary>Java's path.split("/"): a leading empty string, trailing empty strings dropped.</summary>
    private static List<string> JavaSplitSlash(string path)
    {
        var parts = path.Split('/').ToList();
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return parts;
    }

    private void OutLine(string line)
    {
        Out.WriteLine(line);
        Out.Flush();
    }

    private void ErrLine(string line)
    {
        Out.Flush();
        Err.WriteLine(line);
        Err.Flush();
    }
}
