using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

/// <summary>The admin server and metrics provider keys: ZooKeeper 3.8's defaults, and a bad value stops startup.</summary>
public class AdminAndMetricsConfigTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";
    private const string Prometheus = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";

    [Fact]
    public void Admin_server_defaults_are_zookeepers()
    {
        var c = ZooCfg.Parse(Minimal);

        Assert.Equal((true, "0.0.0.0", 8080, "/commands"), (c.AdminEnableServer, c.AdminServerAddress, c.AdminServerPort, c.AdminCommandUrl));
    }

    [Fact]
    public void Admin_server_address_port_and_command_url_are_read()
    {
        var c = ZooCfg.Parse(Minimal + "admin.serverAddress=127.0.0.1\nadmin.serverPort=9090\nadmin.commandURL=/admin/\n");

        Assert.Equal(("127.0.0.1", 9090, "/admin"), (c.AdminServerAddress, c.AdminServerPort, c.AdminCommandUrl));
    }

    [Fact]
    public void Metrics_are_off_unless_the_prometheus_provider_is_named()
    {
        Assert.False(ZooCfg.Parse(Minimal).PrometheusEnabled);
        Assert.False(ZooCfg.Parse(Minimal + "metricsProvider.className=org.apache.zookeeper.metrics.impl.DefaultMetricsProvider\n").PrometheusEnabled);
    }

    [Fact]
    public void Prometheus_provider_keys_are_read_with_apaches_defaults()
    {
        var defaults = ZooCfg.Parse(Minimal + $"metricsProvider.className={Prometheus}\n");
        var set = ZooCfg.Parse(Minimal + $"metricsProvider.className={Prometheus}\nmetricsProvider.httpHost=127.0.0.1\n" +
            "metricsProvider.httpPort=7001\nmetricsProvider.exportJvmInfo=false\n");

        Assert.Equal((true, "0.0.0.0", 7000, true),
            (defaults.PrometheusEnabled, defaults.MetricsHttpHost, defaults.MetricsHttpPort, defaults.MetricsExportJvmInfo));
        Assert.Equal(("127.0.0.1", 7001, false), (set.MetricsHttpHost, set.MetricsHttpPort, set.MetricsExportJvmInfo));
    }

    [Fact]
    public void A_non_numeric_metrics_port_names_file_line_and_reason()
    {
        var error = ZooCfg.Error(Minimal + $"metricsProvider.className={Prometheus}\nmetricsProvider.httpPort=seven\n");

        Assert.Equal("zoo.cfg:4: metricsProvider.httpPort: 'seven' is not a number", error.Message);
    }

    [Fact]
    public void An_admin_port_out_of_range_names_file_line_and_reason()
    {
        Assert.Equal("zoo.cfg:3: admin.serverPort: '70000' is not a valid port (1-65535)",
            ZooCfg.Error(Minimal + "admin.serverPort=70000\n").Message);
    }

    [Fact]
    public void An_unknown_metrics_provider_class_stops_startup()
    {
        var error = ZooCfg.Error(Minimal + "metricsProvider.className=com.example.Nope\n");

        Assert.Equal((3, true), (error.Line, error.Reason.StartsWith("metricsProvider.className: 'com.example.Nope' is not an available metrics provider", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_command_url_must_be_a_path()
    {
        Assert.Equal("zoo.cfg:3: admin.commandURL: 'commands' is not a URL path (it must start with /)",
            ZooCfg.Error(Minimal + "admin.commandURL=commands\n").Message);
    }
}
