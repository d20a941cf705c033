namespace Keeper.Server.Config;

/// <summary>
/// Checks for the admin and metrics keys whose values are more than a port or a boolean. Apache exits at startup
/// when <c>metricsProvider.className</c> names a class it cannot load, so an unknown provider is a config error here too.
/// </summary>
internal static class MetricsSettings
{
    public const string PrometheusClassName = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";

    /// <summary>ZooKeeper's default provider: metrics for mntr and the admin server only, no endpoint of its own.</summary>
    public const string DefaultClassName = "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider";

    /// <summary>The provider class, or null for the default one.</summary>
    public static string? ClassName(ConfigValue v) => v.NonEmpty() switch
    {
        PrometheusClassName => PrometheusClassName,
        DefaultClassName => null,
        _ => throw v.Fail($"'{v.Text}' is not an available metrics provider (use {PrometheusClassName} or {DefaultClassName})"),
    };

    /// <summary>An absolute path without a trailing slash, so <c>/commands/</c> and <c>/commands</c> mean the same.</summary>
    public static string CommandUrl(ConfigValue v)
    {
        var text = v.NonEmpty();
        if (!text.StartsWith('/') || text.Contains('?') || text.Contains(' '))
        {
            throw v.Fail($"'{text}' is not a URL path (it must start with /)");
        }

        return text.Length > 1 ? text.TrimEnd('/') : text;
    }
}
