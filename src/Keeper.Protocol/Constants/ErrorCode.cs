namespace Keeper.Protocol;

/// <summary>KeeperException.Code values as they travel in ReplyHeader.err.</summary>
public enum ErrorCode
{
    Ok = 0,
    SystemError = -1,
    RuntimeInconsistency = -2,
    DataInconsistency = -3,
    ConnectionLoss = -4,
    MarshallingError = -5,
    Unimplemented = -6,
    OperationTimeout = -7,
    BadArguments = -8,
    UnknownSession = -12,
    NewConfigNoQuorum = -13,
    ReconfigInProgress = -14,
    ApiError = -100,
    NoNode = -101,
    NoAuth = -102,
    BadVersion = -103,
    NoChildrenForEphemerals = -108,
    NodeExists = -110,
    NotEmpty = -111,
    SessionExpired = -112,
    InvalidCallback = -113,
    InvalidAcl = -114,
    AuthFailed = -115,
    SessionMoved = -118,
    NotReadOnly = -119,
    EphemeralOnLocalSession = -120,
    NoWatcher = -121,
    RequestTimeout = -122,
    ReconfigDisabled = -123,
    SessionClosedRequireSaslAuth = -124,
    QuotaExceeded = -125,
    ThrottledOp = -127,
}

public static class ErrorCodeText
{
    /// <summary>The text Java's KeeperException.getMessage uses after "KeeperErrorCode = ".</summary>
    public static string Describe(ErrorCode code) => code switch
    {
        ErrorCode.Ok => "ok",
        ErrorCode.NotEmpty => "Directory not empty",
        ErrorCode.SessionExpired => "Session expired",
        ErrorCode.InvalidCallback => "Invalid callback",
        ErrorCode.SessionMoved => "Session moved",
        ErrorCode.NotReadOnly => "Not a read-only call",
        ErrorCode.EphemeralOnLocalSession => "Ephemeral node on local session",
        ErrorCode.NoWatcher => "No such watcher",
        ErrorCode.ReconfigDisabled => "Reconfig is disabled",
        ErrorCode.SessionClosedRequireSaslAuth => "Session closed because client failed to authenticate",
        ErrorCode.QuotaExceeded => "Quota has exceeded",
        ErrorCode.ThrottledOp => "Op throttled due to high load",
        // Java has no case for these: "Unknown error " + code prints the Code enum's name.
        ErrorCode.UnknownSession => "Unknown error UNKNOWNSESSION",
        ErrorCode.RequestTimeout => "Unknown error REQUESTTIMEOUT",
        ErrorCode.ApiError => "APIError",
        ErrorCode.InvalidAcl => "InvalidACL",
        _ => Enum.IsDefined(code) ? code.ToString() : $"Unknown error {(int)code}",
    };
}
