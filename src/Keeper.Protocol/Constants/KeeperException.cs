namespace Keeper.Protocol;

/// <summary>A request failed with a ZooKeeper error code; the message matches Java's KeeperException.</summary>
public sealed class KeeperException(ErrorCode code, string? path = null)
    : Exception(string.IsNullOrEmpty(path)
        ? $"KeeperErrorCode = {ErrorCodeText.Describe(code)}"
        : $"KeeperErrorCode = {ErrorCodeText.Describe(code)} for {path}")
{
    public ErrorCode Code { get; } = code;
    public string? Path { get; } = path;
}
