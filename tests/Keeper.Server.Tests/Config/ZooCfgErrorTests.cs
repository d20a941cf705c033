using Keeper.Server.Config;

namespace Keeper.Server.Tests.Config;

public class ZooCfgErrorTests
{
    private const string Minimal = "dataDir=/data\nclientPort=2181\n";

    [Fact]
    public void A_non_numeric_tick_time_names_file_line_key_and_value()
    {
        var error = ZooCfg.Error("dataDir=/data\nclientPort=2181\ntickTime=abc\n");

        Assert.Equal("zoo.cfg:3: tickTime: 'abc' is not a number", error.Message);
    }

    [Fact]
    public void The_exception_exposes_the_file_line_and_reason()
    {
        var error = ZooCfg.Error(Minimal + "tickTime=abc\n");

        Assert.Equal(("zoo.cfg", (int?)3, "tickTime: 'abc' is not a number"), (error.FileName, error.Line, error.Reason));
    }

    [Fact]
    public void A_negative_tick_time_is_refused()
    {
        Assert.Equal("zoo.cfg:3: tickTime: '-5' must be greater than 0", ZooCfg.Error(Minimal + "tickTime=-5\n").Message);
    }

    [Fact]
    public void A_non_numeric_client_port_is_refused()
    {
        Assert.Equal("zoo.cfg:2: clientPort: 'twenty' is not a number", ZooCfg.Error("dataDir=/d\nclientPort=twenty\n").Message);
    }

    [Fact]
    public void A_client_port_out_of_range_is_refused()
    {
        Assert.Equal("zoo.cfg:2: clientPort: '70000' is not a valid port (1-65535)", ZooCfg.Error("dataDir=/d\nclientPort=70000\n").Message);
    }

    [Fact]
    public void A_number_too_large_for_an_int_is_out_of_range()
    {
        Assert.Equal("zoo.cfg:3: maxClientCnxns: '99999999999' is out of range", ZooCfg.Error(Minimal + "maxClientCnxns=99999999999\n").Message);
    }

    [Fact]
    public void A_bad_boolean_is_refused()
    {
        Assert.Equal("zoo.cfg:3: standaloneEnabled: 'yes' is not a boolean (use true or false)", ZooCfg.Error(Minimal + "standaloneEnabled=yes\n").Message);
    }

    [Fact]
    public void A_bad_force_sync_is_refused()
    {
        Assert.Equal("zoo.cfg:3: forceSync: 'maybe' is not yes or no", ZooCfg.Error(Minimal + "forceSync=maybe\n").Message);
    }

    [Fact]
    public void A_missing_data_dir_names_the_file()
    {
        Assert.Equal("zoo.cfg: dataDir is not set", ZooCfg.Error("clientPort=2181\n").Message);
    }

    [Fact]
    public void A_missing_client_port_is_refused()
    {
        Assert.Equal("zoo.cfg: clientPort is not set", ZooCfg.Error("dataDir=/data\n").Message);
    }

    [Fact]
    public void A_client_port_address_without_a_client_port_is_refused()
    {
        Assert.Equal("zoo.cfg:2: clientPortAddress is set but clientPort is not set",
            ZooCfg.Error("dataDir=/data\nclientPortAddress=127.0.0.1\nsecureClientPort=2281\n").Message);
    }

    [Fact]
    public void A_min_session_timeout_above_the_max_is_refused()
    {
        Assert.Equal("zoo.cfg:4: minSessionTimeout (50000) must not be larger than maxSessionTimeout (40000)",
            ZooCfg.Error(Minimal + "maxSessionTimeout=40000\nminSessionTimeout=50000\n").Message);
    }

    [Fact]
    public void An_unsupported_election_algorithm_is_refused()
    {
        Assert.Equal("zoo.cfg:3: electionAlg: '1' is not supported (only 3, fast leader election, exists)",
            ZooCfg.Error(Minimal + "electionAlg=1\n").Message);
    }

    [Fact]
    public void A_hierarchical_quorum_is_refused_rather_than_run_as_a_majority()
    {
        Assert.Equal("zoo.cfg:3: group.1: hierarchical quorums (group/weight) are not supported",
            ZooCfg.Error(Minimal + "group.1=1:2:3\n").Message);
        Assert.Equal("zoo.cfg:3: weight.1: hierarchical quorums (group/weight) are not supported",
            ZooCfg.Error(Minimal + "weight.1=2\n").Message);
    }

    [Fact]
    public void A_bad_peer_type_is_refused()
    {
        Assert.Equal("zoo.cfg:3: peerType: 'leader' is not a peer type (use participant or observer)",
            ZooCfg.Error(Minimal + "peerType=leader\n").Message);
    }

    [Fact]
    public void A_malformed_unicode_escape_is_refused()
    {
        Assert.Equal("zoo.cfg:3: malformed \\uXXXX escape", ZooCfg.Error(Minimal + "dataLogDir=/x\\u12\n").Message);
    }

    [Fact]
    public void An_unreadable_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keeper-missing-{Guid.NewGuid():N}.cfg");

        var error = Assert.Throws<ConfigException>(() => ZooCfgParser.Parse(path));

        Assert.StartsWith($"{path}: cannot read the file: ", error.Message);
    }
}
