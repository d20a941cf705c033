using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

public class ZooCfgParserTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";

    [Fact]
    public void The_tutorial_config_parses_into_a_three_server_quorum()
    {
        var config = ZooCfg.Parse(ZooCfg.Tutorial, myId: "1");

        Assert.Equal(
            (2181, "/var/lib/zookeeper/data", "/var/lib/zookeeper/data/log", 2000, 10, 5, 60, 4000, 40000, 3, 12, 1L, 3),
            (config.ClientPort, config.DataDir, config.DataLogDir, config.TickTime, config.InitLimit, config.SyncLimit,
             config.MaxClientCnxns, config.MinSessionTimeout, config.MaxSessionTimeout, config.SnapRetainCount,
             config.PurgeIntervalHours, config.ServerId, config.Servers.Count));
    }

    [Fact]
    public void The_tutorial_config_is_distributed()
    {
        Assert.True(ZooCfg.Parse(ZooCfg.Tutorial, myId: "1").IsDistributed);
    }

    [Fact]
    public void Defaults_are_zookeepers()
    {
        var config = ZooCfg.Parse(Minimal);

        Assert.Equal(
            (3000, 6000, 60000, 60, 3, 0, 0xfffff, 100_000, 65536L, 1000, true, false, false, 0L),
            (config.TickTime, config.MinSessionTimeout, config.MaxSessionTimeout, config.MaxClientCnxns,
             config.SnapRetainCount, config.PurgeIntervalHours, config.JuteMaxBuffer, config.SnapCount,
             config.PreAllocSizeKb, config.GlobalOutstandingLimit, config.ForceSync, config.ExtendedTypesEnabled,
             config.ReconfigEnabled, config.ServerId));
    }

    [Fact]
    public void Session_timeout_defaults_follow_the_tick_time()
    {
        var config = ZooCfg.Parse(Minimal + "tickTime=2000\n");

        Assert.Equal((4000, 40000), (config.MinSessionTimeout, config.MaxSessionTimeout));
    }

    [Fact]
    public void The_data_log_dir_defaults_to_the_data_dir()
    {
        Assert.Equal("/data", ZooCfg.Parse(Minimal).DataLogDir);
    }

    [Fact]
    public void Without_server_lines_the_server_is_standalone()
    {
        var config = ZooCfg.Parse(Minimal);

        Assert.Equal((false, 0), (config.IsDistributed, config.Servers.Count));
    }

    [Fact]
    public void Without_the_whitelist_key_the_raw_whitelist_is_null()
    {
        Assert.Null(ZooCfg.Parse(Minimal).FourLetterWordWhitelist);
    }

    [Fact]
    public void The_whitelist_is_kept_as_written()
    {
        Assert.Equal("ruok, srvr", ZooCfg.Parse(Minimal + "4lw.commands.whitelist=ruok, srvr\n").FourLetterWordWhitelist);
    }

    [Fact]
    public void The_misspelled_purge_interval_key_is_read()
    {
        Assert.Equal(12, ZooCfg.Parse(Minimal + "autopurge.purgeInteval=12\n").PurgeIntervalHours);
    }

    [Fact]
    public void The_correct_purge_interval_spelling_wins_over_the_misspelling()
    {
        var config = ZooCfg.Parse(Minimal + "autopurge.purgeInterval=6\nautopurge.purgeInteval=12\n");

        Assert.Equal(6, config.PurgeIntervalHours);
    }

    [Fact]
    public void The_correct_purge_interval_spelling_wins_even_when_written_first_in_the_other_order()
    {
        var config = ZooCfg.Parse(Minimal + "autopurge.purgeInteval=12\nautopurge.purgeInterval=6\n");

        Assert.Equal(6, config.PurgeIntervalHours);
    }

    [Fact]
    public void A_snap_retain_count_below_three_becomes_three_with_a_warning()
    {
        var config = ZooCfg.Parse(Minimal + "autopurge.snapRetainCount=1\n", null, out var warnings);

        Assert.Equal((3, true), (config.SnapRetainCount, warnings.Any(w => w.Contains("snapRetainCount", StringComparison.Ordinal))));
    }

    [Fact]
    public void Colon_separators_whitespace_and_comments_are_read_like_java_properties()
    {
        const string text = """
              # a comment
            ! another comment

              tickTime : 2500
            dataDir   /data
            clientPort=2181
            """;

        var config = ZooCfg.Parse(text);

        Assert.Equal((2500, "/data"), (config.TickTime, config.DataDir));
    }

    [Fact]
    public void A_backslash_continues_a_value_on_the_next_line()
    {
        var config = ZooCfg.Parse("dataDir=/var/lib/\\\n    zookeeper\nclientPort=2181\n");

        Assert.Equal("/var/lib/zookeeper", config.DataDir);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        Assert.Equal(2001, ZooCfg.Parse("dataDir=/d\r\nclientPort=2181\r\ntickTime=2001\r\n").TickTime);
    }

    [Fact]
    public void Extended_types_are_read_with_or_without_the_zookeeper_prefix()
    {
        Assert.True(ZooCfg.Parse(Minimal + "extendedTypesEnabled=true\n").ExtendedTypesEnabled);
        Assert.True(ZooCfg.Parse(Minimal + "zookeeper.extendedTypesEnabled=TRUE\n").ExtendedTypesEnabled);
    }

    [Fact]
    public void EnforceQuota_is_off_by_default_and_read_with_or_without_the_zookeeper_prefix()
    {
        Assert.False(ZooCfg.Parse(Minimal).EnforceQuota);
        Assert.True(ZooCfg.Parse(Minimal + "enforceQuota=true\n").EnforceQuota);
        Assert.True(ZooCfg.Parse(Minimal + "zookeeper.enforceQuota=true\n").EnforceQuota);
        Assert.False(ZooCfg.Parse(Minimal + "zookeeper.enforceQuota=false\n").EnforceQuota);
        Assert.Throws<ConfigException>(() => ZooCfg.Parse(Minimal + "enforceQuota=sometimes\n"));
    }

    [Fact]
    public void The_super_digest_is_read_from_either_key()
    {
        Assert.Equal("super:x", ZooCfg.Parse(Minimal + "DigestAuthenticationProvider.superDigest=super:x\n").SuperDigest);
        Assert.Equal("super:y", ZooCfg.Parse(Minimal + "zookeeper.DigestAuthenticationProvider.superDigest=super:y\n").SuperDigest);
    }

    [Fact]
    public void Jute_maxbuffer_accepts_hex()
    {
        Assert.Equal(0x400000, ZooCfg.Parse(Minimal + "jute.maxbuffer=0x400000\n").JuteMaxBuffer);
    }

    [Fact]
    public void Force_sync_no_turns_fsync_off()
    {
        Assert.False(ZooCfg.Parse(Minimal + "forceSync=no\n").ForceSync);
    }

    [Fact]
    public void Storage_and_throttling_settings_are_read()
    {
        var config = ZooCfg.Parse(Minimal + "preAllocSize=131072\nsnapCount=5000\nglobalOutstandingLimit=2000\n");

        Assert.Equal((131072L, 5000, 2000), (config.PreAllocSizeKb, config.SnapCount, config.GlobalOutstandingLimit));
    }

    [Fact]
    public void Container_settings_are_read()
    {
        var config = ZooCfg.Parse(Minimal + "znode.container.checkIntervalMs=1000\nznode.container.maxPerMinute=50\n");

        Assert.Equal((1000, 50), (config.ContainerCheckIntervalMs, config.ContainerMaxPerMinute));
    }

    [Fact]
    public void Session_and_mode_switches_are_read()
    {
        var config = ZooCfg.Parse(Minimal + "localSessionsEnabled=true\nreadonlymode.enabled=true\nreconfigEnabled=true\nstandaloneEnabled=false\nquorumListenOnAllIPs=true\n");

        Assert.Equal((true, true, true, false, true),
            (config.LocalSessionsEnabled, config.ReadOnlyModeEnabled, config.ReconfigEnabled, config.StandaloneEnabled, config.QuorumListenOnAllIPs));
    }

    [Fact]
    public void Admin_server_keys_are_accepted()
    {
        var config = ZooCfg.Parse(Minimal + "admin.enableServer=false\nadmin.serverPort=9090\n");

        Assert.Equal((false, 9090), (config.AdminEnableServer, config.AdminServerPort));
    }

    [Fact]
    public void Other_metrics_provider_keys_are_kept_without_their_prefix()
    {
        var config = ZooCfg.Parse(Minimal + "metricsProvider.prometheusMetricsSummaryRotateIntervalSeconds=30\n");

        Assert.Equal("30", config.MetricsProvider["prometheusMetricsSummaryRotateIntervalSeconds"]);
    }

    [Fact]
    public void The_secure_client_port_and_listen_backlog_are_stored()
    {
        var config = ZooCfg.Parse(Minimal + "secureClientPort=2281\nssl.keyStore.location=/k/server.p12\nclientPortListenBacklog=128\n");

        Assert.Equal((2281, 128), (config.SecureClientPort, config.ClientPortListenBacklog));
    }

    [Fact]
    public void Unknown_keys_are_kept_with_a_warning_naming_the_line()
    {
        var config = ZooCfg.Parse(Minimal + "fancy.feature=on\n", null, out var warnings);

        Assert.Equal(("on", "zoo.cfg:3: unknown key 'fancy.feature' accepted and ignored"), (config.UnknownKeys["fancy.feature"], warnings.Single()));
    }

    [Fact]
    public void Known_java_only_keys_are_accepted_silently()
    {
        var config = ZooCfg.Parse(Minimal + "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n", null, out var warnings);

        Assert.Equal((0, 0), (warnings.Count, config.UnknownKeys.Count));
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value_with_a_warning()
    {
        var config = ZooCfg.Parse(Minimal + "tickTime=1000\ntickTime=2000\n", null, out var warnings);

        Assert.Equal((2000, "zoo.cfg:4: 'tickTime' repeats line 3; the last value wins"), (config.TickTime, warnings.Single()));
    }

    [Fact]
    public void Parse_reads_a_file_and_remembers_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keeper-{Guid.NewGuid():N}.cfg");
        File.WriteAllText(path, Minimal);
        try
        {
            var config = ZooCfgParser.Parse(path);

            Assert.Equal((path, 2181), (config.SourcePath, config.ClientPort));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
