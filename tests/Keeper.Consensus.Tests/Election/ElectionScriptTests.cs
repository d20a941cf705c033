using System.Runtime.CompilerServices;

namespace Keeper.Consensus.Tests.Election;

/// <summary>Each testdata/*.txt is one scripted election whose expected sends and decisions are written inline.</summary>
public class ElectionScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestdataDirectory(), "*.txt").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_election_behaves_as_the_script_says(string script)
    {
        var harness = new ElectionScript();
        var diff = DataDrivenScript.RunFile(Path.Combine(TestdataDirectory(), script), harness.Run);
        Assert.True(diff is null, diff);
    }

    // The scripts are read from the source tree (not copied to the output) so that a rewrite updates them in place.
    private static string TestdataDirectory([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "testdata");
}
