using Keeper.Server.Config;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class ConfTextTests
{
    [Fact]
    public void Conf_of_a_standalone_config_matches_apache()
    {
        var config = ZooCfgParser.ParseText(
            "tickTime=2000\ndataDir=/tmp/zk4lw/data\nclientPort=59705\nclientPortAddress=127.0.0.1\n", "zoo.cfg");
        var snapshot = new ServerStateSnapshot { Conf = ConfSnapshot.From(config, dataDirSize: 457, dataLogSize: 457) };

        Assert.Equal(ApacheSamples.FreshConf, FourLetterWordHandler.Run("conf", snapshot));
    }

    [Fact]
    public void Conf_of_a_quorum_member_adds_the_quorum_lines_and_membership_without_a_final_newline()
    {
        const string zooCfg = """
            tickTime=2000
            initLimit=10
            syncLimit=5
            dataDir=/tmp/zk4lw/q/s3/data
            clientPort=58743
            clientPortAddress=127.0.0.1
            server.1=127.0.0.1:50197:59073
            server.2=127.0.0.1:54143:37053
            server.3=127.0.0.1:43859:47473;127.0.0.1:58743
            """;
        var config = ZooCfgParser.ParseText(zooCfg, "zoo.cfg", _ => "3\n", _ => { });
        var snapshot = new ServerStateSnapshot { Conf = ConfSnapshot.From(config, 67109493, 67109493) };

        Assert.Equal(ApacheSamples.LeaderConf, FourLetterWordHandler.Run("conf", snapshot));
    }

    [Fact]
    public void Dirs_prints_the_data_and_log_directory_sizes()
    {
        var snapshot = new ServerStateSnapshot { Conf = new ConfSnapshot { DataDirSize = 457, DataLogSize = 457 } };

        Assert.Equal(ApacheSamples.FreshDirs, FourLetterWordHandler.Run("dirs", snapshot));
    }

    [Fact]
    public void Envi_prints_the_environment_lines_after_a_header()
    {
        var lines = ApacheSamples.Envi.TrimEnd('\n').Split('\n').Skip(1)
            .Select(l => l.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

        Assert.Equal(ApacheSamples.Envi, FourLetterWordHandler.Run("envi", new ServerStateSnapshot { Environment = lines }));
    }

    [Fact]
    public void The_captured_environment_has_apaches_keys_in_apaches_order()
    {
        var apacheKeys = ApacheSamples.Envi.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split('=')[0]);

        var ours = EnvironmentInfo.Capture("v").Select(p => p.Key);

        Assert.Equal(apacheKeys, ours);
    }

    [Fact]
    public void The_captured_environment_reports_memory_in_megabytes()
    {
        var memory = EnvironmentInfo.Capture("v").Where(p => p.Key.StartsWith("os.memory.", StringComparison.Ordinal));

        Assert.All(memory, p => Assert.Matches("^[0-9]+MB$", p.Value));
    }

    [Fact]
    public void Directory_size_sums_the_files_below_a_directory()
    {
        var dir = Directory.CreateTempSubdirectory("keeper-dirs-");
        try
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, "a"), new byte[10]);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            File.WriteAllBytes(Path.Combine(dir.FullName, "sub", "b"), new byte[5]);

            Assert.Equal(15, ConfSnapshot.DirectorySize(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Directory_size_of_a_missing_directory_is_zero()
    {
        Assert.Equal(0, ConfSnapshot.DirectorySize(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }
}
