using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Reconfig;

/// <summary>zkCli.sh and <c>keeper cli</c> with commands on standard input (one session), output merged.</summary>
internal static class ReconfigCli
{
    public static Task<ProcessResult> ZkCliAsync(EnsembleMember member, params string[] commands) =>
        Tools.RunMergedAsync(Tools.Require(Tools.ZkCli, "zkCli.sh"), ["-server", member.ConnectString],
            string.Join('\n', commands) + "\nquit\n", TimeSpan.FromSeconds(90));

    public static Task<ProcessResult> KeeperCliAsync(EnsembleMember member, params string[] commands) =>
        Tools.RunMergedAsync("dotnet", ["exec", KeeperServer.LocateDll(), "cli", "-server", member.ConnectString],
            string.Join('\n', commands) + "\nquit\n", TimeSpan.FromSeconds(90));
}
