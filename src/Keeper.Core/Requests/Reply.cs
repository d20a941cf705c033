using Keeper.Protocol;
using Keeper.Protocol.Jute;

namespace Keeper.Core.Requests;

/// <summary>The outcome of a request: an error code (only the header is sent when it is not Ok) and a body.</summary>
public readonly record struct Reply(ErrorCode Err, IJuteRecord? Body)
{
    public static Reply Ok(IJuteRecord? body = null) => new(ErrorCode.Ok, body);
    public static Reply Error(ErrorCode err) => new(err, null);
}
