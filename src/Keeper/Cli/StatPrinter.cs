using System.Globalization;
using System.Text;
using Keeper.Protocol.Records;

namespace Keeper.Cli;

/// <summary>zkCli's StatPrinter: the eleven-line stat block, zxids in lowercase hex, times as Java's Date.toString().</summary>
internal static class StatPrinter
{
    public static string Format(Stat stat)
    {
        var b = new StringBuilder(320);
        b.Append("cZxid = 0x").Append(Hex(stat.Czxid)).Append('\n');
        b.Append("ctime = ").Append(JavaDate(stat.Ctime)).Append('\n');
        b.Append("mZxid = 0x").Append(Hex(stat.Mzxid)).Append('\n');
        b.Append("mtime = ").Append(JavaDate(stat.Mtime)).Append('\n');
        b.Append("pZxid = 0x").Append(Hex(stat.Pzxid)).Append('\n');
        b.Append("cversion = ").Append(stat.Cversion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        b.Append("dataVersion = ").Append(stat.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        b.Append("aclVersion = ").Append(stat.Aversion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        b.Append("ephemeralOwner = 0x").Append(Hex(stat.EphemeralOwner)).Append('\n');
        b.Append("dataLength = ").Append(stat.DataLength.ToString(CultureInfo.InvariantCulture)).Append('\n');
        b.Append("numChildren = ").Append(stat.NumChildren.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return b.ToString();
    }

    /// <summary>Long.toHexString: two's complement, lowercase, no padding.</summary>
    public static string Hex(long value) => value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>java.util.Date.toString(): "EEE MMM dd HH:mm:ss zzz yyyy" in the local zone.</summary>
    public static string JavaDate(long epochMillis)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(epochMillis);
        var zone = TimeZoneInfo.Local;
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return local.ToString("ddd MMM dd HH:mm:ss ", CultureInfo.InvariantCulture) + ZoneName(zone, local) +
               local.ToString(" yyyy", CultureInfo.InvariantCulture);
    }

    private static string ZoneName(TimeZoneInfo zone, DateTimeOffset local)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "UCT" or "Universal" or "Zulu" or "Etc/Universal" or "Etc/Zulu")
            return "UTC";
        var name = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        if (!string.IsNullOrEmpty(name) && name.Length <= 5 && !name.Contains(' ')) return name;
        var offset = local.Offset;
        if (offset == TimeSpan.Zero && zone.Id is "GMT" or "Etc/GMT") return "GMT";
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"GMT{sign}{abs.Hours:00}:{abs.Minutes:00}");
    }
}
