using System.Globalization;
using System.Text;

namespace Keeper.Server.Logging;

/// <summary>
/// ZooKeeper's log4j pattern <c>%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n</c>, e.g.
/// <c>2016-12-06 19:34:16,236 [myid:1] - INFO  [main:QuorumPeerMain@127] - Starting quorum peer</c>.
/// Operators grep these lines and the tutorial shows them, so the shape is kept to the character.
/// </summary>
internal static class LogLineFormatter
{
    public static string Format(LogEntry entry)
    {
        var sb = new StringBuilder(128);
        Append(sb, entry);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, LogEntry entry)
    {
        // log4j's ISO8601 date format: local time, comma before the milliseconds.
        sb.Append(entry.Timestamp.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture));
        sb.Append(" [myid:").Append(entry.MyId).Append("] - ");
        sb.Append(LogLevels.Name(entry.Level).PadRight(5));
        sb.Append(" [").Append(entry.ThreadName).Append(':').Append(entry.ClassName).Append('@')
            .Append(entry.Line.ToString(CultureInfo.InvariantCulture)).Append("] - ");
        sb.Append(entry.Message).Append('\n');
        if (entry.Exception is { } exception)
        {
            // log4j prints the throwable after the line, as Java's printStackTrace does.
            sb.Append(exception.ToString().ReplaceLineEndings("\n")).Append('\n');
        }
    }
}
