using System.Text;
using Keeper.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Keeper.Interop.Tests.Differential;

/// <summary>
/// The differential test: one scripted scenario (every op, every node type, the error paths,
/// watches of every kind, ephemerals on session close, ACL denials, multi failures) run through our
/// client against a fresh Apache ZooKeeper 3.8 and a fresh Keeper; the normalised transcripts
/// (results, errors, full stats, zxids, per-session watch events) must be identical. Both
/// transcripts are written to differential/ under the test output directory.
/// </summary>
public sealed class DifferentialTests(DifferentialFixture fixture, ITestOutputHelper output) : IClassFixture<DifferentialFixture>
{
    [Fact]
    public async Task Keeper_answers_the_scenario_exactly_as_Apache_ZooKeeper_does()
    {
        var apache = await fixture.RunAsync(ServerKinds.Apache);
        Assert.True(apache.Aborted is null, $"the scenario did not complete on Apache ZooKeeper: {apache.Aborted}\n{apache.Diagnostics}");
        var keeper = await fixture.RunAsync(ServerKinds.Keeper);
        output.WriteLine($"apache: {apache.OperationCount} operations in {apache.Elapsed.TotalSeconds:0.0} s; "
            + $"keeper: {keeper.OperationCount} operations in {keeper.Elapsed.TotalSeconds:0.0} s; transcripts in {DifferentialFixture.OutputDir}");
        if (apache.Transcript == keeper.Transcript)
        {
            return;
        }

        throw new XunitException(Explain(apache, keeper));
    }

    [Fact]
    public async Task The_scenario_has_at_least_300_operations_and_uses_every_required_opcode()
    {
        var apache = await fixture.RunAsync(ServerKinds.Apache);

        Assert.True(apache.Aborted is null, $"the scenario did not complete on Apache ZooKeeper: {apache.Aborted}");
        Assert.True(apache.OperationCount >= 300, $"only {apache.OperationCount} operations");
        Assert.Empty(DifferentialScenario.RequiredOpCodes.Except(apache.OpCodes));
        Assert.Empty(DifferentialScenario.RequiredMultiOpCodes.Except(apache.MultiOpCodes));
        Assert.Empty(DifferentialScenario.RequiredMultiReadOpCodes.Except(apache.MultiReadOpCodes));
    }

    private static string Explain(ScenarioResult apache, ScenarioResult keeper)
    {
        var expected = Lines(apache.Transcript);
        var actual = Lines(keeper.Transcript);
        var first = 0;
        while (first < expected.Count && first < actual.Count && expected[first] == actual[first])
        {
            first++;
        }

        var (removed, added) = TranscriptDiff.Count(expected, actual);
        var renumberedExpected = TranscriptDiff.RenumberZxids(expected);
        var renumberedActual = TranscriptDiff.RenumberZxids(actual);
        var dir = DifferentialFixture.OutputDir;
        File.WriteAllText(Path.Combine(dir, "apache.zxids-renumbered.txt"), string.Join('\n', renumberedExpected) + "\n");
        File.WriteAllText(Path.Combine(dir, "keeper.zxids-renumbered.txt"), string.Join('\n', renumberedActual) + "\n");
        var diff = TranscriptDiff.Unified(expected, actual, "apache.txt (Apache ZooKeeper 3.8)", "keeper.txt (ours)", maxLines: 150);
        File.WriteAllText(Path.Combine(dir, "differences.diff"),
            TranscriptDiff.Unified(expected, actual, "apache.txt", "keeper.txt", maxLines: int.MaxValue));

        var sb = new StringBuilder();
        sb.Append($"The transcripts differ: {removed} lines of Apache's are missing or changed in ours, {added} lines of ours are not in Apache's.\n");
        sb.Append($"First difference at line {first + 1}:\n");
        sb.Append($"  apache: {(first < expected.Count ? expected[first] : "<end of transcript>")}\n");
        sb.Append($"  keeper: {(first < actual.Count ? actual[first] : "<end of transcript>")}\n");
        sb.Append($"Files in {dir}: apache.txt, keeper.txt, differences.diff, and *.zxids-renumbered.txt (zxids by order of first "
            + "appearance, to see what else differs once the zxids drift apart).\n\n");
        sb.Append(diff);
        var renumbered = TranscriptDiff.Unified(renumberedExpected, renumberedActual, "apache (zxids renumbered)", "keeper (zxids renumbered)",
            maxLines: 100);
        sb.Append("\nThe same with zxids renumbered by first appearance (a reading aid only):\n").Append(renumbered);
        if (keeper.Aborted is not null)
        {
            sb.Append("\nThe scenario stopped early on our server: ").Append(keeper.Aborted).Append('\n').Append(keeper.Diagnostics);
        }

        return sb.ToString();
    }

    private static List<string> Lines(string text) => text.TrimEnd('\n').Split('\n').ToList();
}
