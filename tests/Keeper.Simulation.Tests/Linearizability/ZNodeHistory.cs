using Keeper.Simulation.Tests.Linearizability.Models;

namespace Keeper.Simulation.Tests.Linearizability;

/// <summary>Short names so test histories read like the timelines they describe.</summary>
internal static class ZNodeHistory
{
    public static Operation<ZNodeInput, ZNodeOutput> Op(int client, long invoked, long returned, ZNodeInput input, ZNodeOutput output) =>
        Operation<ZNodeInput, ZNodeOutput>.Completed(client, invoked, input, returned, output);

    /// <summary>Sent at <paramref name="invoked"/>; the answer never came (timeout, ConnectionLoss).</summary>
    public static Operation<ZNodeInput, ZNodeOutput> Lost(int client, long invoked, ZNodeInput input) =>
        Operation<ZNodeInput, ZNodeOutput>.Unknown(client, invoked, input);

    public static CheckResult Check(params Operation<ZNodeInput, ZNodeOutput>[] history) =>
        LinearizabilityChecker.Check(ZNodeModel.Instance, history);

    public static void AssertLinearizable(params Operation<ZNodeInput, ZNodeOutput>[] history)
    {
        var result = Check(history);
        Assert.True(result.Verdict == Verdict.Linearizable, result.ToString());
    }

    public static CheckResult AssertNotLinearizable(params Operation<ZNodeInput, ZNodeOutput>[] history)
    {
        var result = Check(history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, result.ToString());
        return result;
    }
}
