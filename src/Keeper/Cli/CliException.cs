using Keeper.Protocol;

namespace Keeper.Cli;

/// <summary>zkCli's CliException: the message is printed on stderr and sets the exit code.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>CliWrapperException.getMessage: the wording zkCli uses for each server error.</summary>
    public static CliException From(KeeperException e)
    {
        var path = e.Path ?? "";
        var text = e.Code switch
        {
            ErrorCode.NoNode => "Node does not exist: " + path,
            ErrorCode.NoChildrenForEphemerals => "Ephemerals cannot have children: " + path,
            ErrorCode.NodeExists => "Node already exists: " + path,
            ErrorCode.NotEmpty => "Node not empty: " + path,
            ErrorCode.NotReadOnly => "Not a read-only call: " + path,
            ErrorCode.InvalidAcl => "Acl is not valid : " + path,
            ErrorCode.NoAuth => "Insufficient permission : " + path,
            ErrorCode.BadArguments => "Arguments are not valid : " + path,
            ErrorCode.BadVersion => "version No is not valid : " + path,
            ErrorCode.ReconfigInProgress => "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)",
            ErrorCode.NewConfigNoQuorum => "No quorum of new config is connected and up-to-date with the leader of last committed config - try invoking reconfiguration after new servers are connected and synced",
            ErrorCode.QuotaExceeded => "Quota has exceeded : " + path,
            _ => e.Message,
        };
        return new CliException(text);
    }
}
