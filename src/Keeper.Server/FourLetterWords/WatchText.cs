using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// <c>wchs</c>, <c>wchc</c>, <c>wchp</c> over the data-watch table (<c>WatchManager.toString</c> / <c>dumpWatches</c>),
/// each followed by the extra newline <c>WatchCommand</c> prints. Groups keep the order of first appearance in the
/// snapshot; ZooKeeper's order is a HashMap's and not meaningful.
/// </summary>
internal static class WatchText
{
    public static string Summary(IReadOnlyList<DataWatch> watches)
    {
        var connections = watches.Select(w => w.SessionId).Distinct().Count();
        var paths = watches.Select(w => w.Path).Distinct(StringComparer.Ordinal).Count();
        var total = watches.Distinct().Count();
        return $"{connections} connections watching {paths} paths\nTotal watches:{total}\n";
    }

    public static string BySession(IReadOnlyList<DataWatch> watches)
    {
        var sb = new StringBuilder();
        foreach (var group in watches.Distinct().GroupBy(w => w.SessionId))
        {
            sb.Append("0x").Append(JavaFormat.Hex(group.Key)).Append('\n');
            foreach (var watch in group)
            {
                sb.Append('\t').Append(watch.Path).Append('\n');
            }
        }

        return sb.Append('\n').ToString();
    }

    public static string ByPath(IReadOnlyList<DataWatch> watches)
    {
        var sb = new StringBuilder();
        foreach (var group in watches.Distinct().GroupBy(w => w.Path, StringComparer.Ordinal))
        {
            sb.Append(group.Key).Append('\n');
            foreach (var watch in group)
            {
                sb.Append("\t0x").Append(JavaFormat.Hex(watch.SessionId)).Append('\n');
            }
        }

        return sb.Append('\n').ToString();
    }
}
