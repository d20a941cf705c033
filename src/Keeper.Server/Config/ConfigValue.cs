using System.Globalization;

namespace Keeper.Server.Config;

/// <summary>
/// Typed reads of one property. Each failure becomes a <see cref="ConfigException"/> that names the file, the
/// line, the key and the offending value, because a bad zoo.cfg must stop startup with a message an operator can act on.
/// </summary>
internal readonly struct ConfigValue(PropertyLine property, string fileName)
{
    public string Key => property.Key;

    public string Text => property.Value;

    public int Line => property.Line;

    /// <summary>A 32-bit integer as Java's <c>Integer.parseInt</c> reads it (optional sign, decimal digits).</summary>
    public int Int()
    {
        if (int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw Fail(IsInteger(Text) ? $"'{Text}' is out of range" : $"'{Text}' is not a number");
    }

    /// <summary>A 64-bit integer as Java's <c>Long.parseLong</c> reads it.</summary>
    public long Long()
    {
        if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw Fail(IsInteger(Text) ? $"'{Text}' is out of range" : $"'{Text}' is not a number");
    }

    /// <summary>
    /// An integer that may also be written in hex (<c>0x...</c>), as Java's <c>Integer.decode</c> allows for
    /// system properties such as <c>jute.maxbuffer</c>.
    /// </summary>
    public int DecodedInt()
    {
        if (Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || Text.StartsWith('#'))
        {
            var digits = Text.StartsWith('#') ? Text[1..] : Text[2..];
            if (int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
            {
                return hex;
            }

            throw Fail($"'{Text}' is not a number");
        }

        return Int();
    }

    public int PositiveInt()
    {
        var value = Int();
        return value > 0 ? value : throw Fail($"'{Text}' must be greater than 0");
    }

    public int NonNegativeInt()
    {
        var value = Int();
        return value >= 0 ? value : throw Fail($"'{Text}' must not be negative");
    }

    public long NonNegativeLong()
    {
        var value = Long();
        return value >= 0 ? value : throw Fail($"'{Text}' must not be negative");
    }

    /// <summary>A TCP port, 1–65535.</summary>
    public int Port()
    {
        var value = Int();
        return value is >= 1 and <= 65535 ? value : throw Fail($"'{Text}' is not a valid port (1-65535)");
    }

    /// <summary>A client port where 0 means "not set", as ZooKeeper reads <c>clientPort</c>.</summary>
    public int? OptionalPort()
    {
        var value = Int();
        return value switch
        {
            0 => null,
            >= 1 and <= 65535 => value,
            _ => throw Fail($"'{Text}' is not a valid port (1-65535)"),
        };
    }

    /// <summary><c>true</c> or <c>false</c> in any case, as ZooKeeper's <c>parseBoolean</c> demands.</summary>
    public bool Bool()
    {
        if (Text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw Fail($"'{Text}' is not a boolean (use true or false)");
    }

    /// <summary>A setting that must not be empty (a path, a class name).</summary>
    public string NonEmpty() => Text.Length > 0 ? Text : throw Fail("value is empty");

    /// <summary>Line 0 is a value that came from no file line (a -D option): the message names the option alone.</summary>
    public ConfigException Fail(string reason) => new(fileName, Line > 0 ? Line : null, $"{Key}: {reason}");

    private static bool IsInteger(string text) =>
        text.Length > 0 && text.TrimStart('+', '-').Length > 0 && text.TrimStart('+', '-').All(char.IsAsciiDigit);
}
