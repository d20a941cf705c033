using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The Java <c>toString</c> forms that ZooKeeper's four-letter words print. Monitoring scripts parse these texts,
/// so numbers, dates and addresses are rendered exactly as a JVM renders them.
/// </summary>
internal static class JavaFormat
{
    /// <summary><c>Long.toHexString</c>: lowercase, no padding, two's complement for negatives.</summary>
    public static string Hex(long value) => ((ulong)value).ToString("x", CultureInfo.InvariantCulture);

    /// <summary><c>Long.toString</c>.</summary>
    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>Double.toString</c>: the shortest digits that round-trip; plain notation with at least one fraction digit
    /// for 10^-3 ≤ |d| &lt; 10^7 (<c>0.0</c>, <c>2.375</c>, <c>14.0</c>), otherwise <c>1.0E-4</c> style.
    /// </summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var (digits, pointPos) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e7)
        {
            AppendPlain(sb, digits, pointPos);
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0");
            sb.Append('E').Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// ZooKeeper's average: <c>new BigDecimal(avg).setScale(4, HALF_UP).doubleValue()</c>. Rounding is done on the
    /// exact binary value of the double, as BigDecimal does, so ties and near-ties land where Java puts them.
    /// </summary>
    public static double RoundHalfUp4(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }

        var negative = value < 0;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        // |value| = mantissa * 2^shift exactly.
        var shift = exponent - 1075;
        BigInteger scaled = mantissa;
        scaled *= 10_000;
        BigInteger rounded;
        if (shift >= 0)
        {
            rounded = scaled << shift;
        }
        else
        {
            var divisor = BigInteger.One << -shift;
            rounded = BigInteger.DivRem(scaled, divisor, out var remainder);
            if (remainder * 2 >= divisor)
            {
                rounded += 1;
            }
        }

        var result = (double)rounded / 10_000;
        return negative ? -result : result;
    }

    /// <summary>
    /// <c>java.util.Date.toString()</c> in UTC (<c>EEE MMM dd HH:mm:ss zzz yyyy</c>), e.g.
    /// <c>Thu Jan 01 00:00:00 UTC 1970</c>.
    /// </summary>
    public static string Date(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>InetSocketAddress.toString()</c> for an address without a host name: <c>/127.0.0.1:52740</c>,
    /// <c>/[0:0:0:0:0:0:0:1]:52740</c> (Java writes IPv6 groups in full and maps IPv4-mapped addresses to IPv4).
    /// </summary>
    public static string SocketAddress(IPEndPoint endpoint) => $"/{Address(endpoint.Address)}:{endpoint.Port}";

    private static string Address(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        var groups = new string[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString("x", CultureInfo.InvariantCulture);
        }

        var scope = address.ScopeId != 0 ? $"%{address.ScopeId}" : "";
        return $"[{string.Join(':', groups)}{scope}]";
    }

    // The shortest round-trip digits of a positive finite double, as value = 0.DIGITS × 10^pointPos.
    private static (string Digits, int PointPos) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        var all = integerPart + fraction;
        var pointPos = integerPart.Length + exponent;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all[leadingZeros..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, pointPos - leadingZeros);
    }

    private static void AppendPlain(StringBuilder sb, string digits, int pointPos)
    {
        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
    }
}
