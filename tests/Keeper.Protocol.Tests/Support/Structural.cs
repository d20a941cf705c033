using System.Collections;
using System.Reflection;

namespace Keeper.Protocol.Tests.Support;

/// <summary>
/// Deep, content-based equality for decoded records. C# records compare byte[] and List fields by
/// reference, which would make every round trip "fail"; this compares sequences element by element,
/// keeps null and empty distinct, and walks public properties of nested records.
/// </summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual)
    {
        var difference = FindDifference(expected, actual, "value");
        if (difference is not null) Assert.Fail(difference);
    }

    /// <summary>The first difference as a readable path, or null when equal.</summary>
    public static string? FindDifference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal)
            return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";

        if (expected is IEnumerable expectedItems)
        {
            if (actual is not IEnumerable actualItems) return $"{path}: expected a sequence, got {actual.GetType().Name}";
            var e = expectedItems.Cast<object?>().ToList();
            var a = actualItems.Cast<object?>().ToList();
            if (e.Count != a.Count) return $"{path}: expected {e.Count} items, got {a.Count}";
            for (int i = 0; i < e.Count; i++)
                if (FindDifference(e[i], a[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }

        if (actual.GetType() != type) return $"{path}: expected a {type.Name}, got a {actual.GetType().Name}";

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            if (FindDifference(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}") is { } d) return d;
        }
        return null;
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        byte[] b => $"0x{Hex.Of(b)}",
        string s => $"\"{s}\"",
        _ => v.ToString() ?? v.GetType().Name,
    };
}
