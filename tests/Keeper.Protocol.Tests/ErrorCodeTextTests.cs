namespace Keeper.Protocol.Tests;

/// <summary>
/// PROTOCOL.md §3.3: the text after "KeeperErrorCode = " in Java's KeeperException.getMessage. Codes
/// without a case in Java's getCodeMessage fall to <c>"Unknown error " + code</c>, where code is the
/// Code enum, so Java prints its constant name (release-3.8.4 and 3.9.3 KeeperException.java).
/// </summary>
public class ErrorCodeTextTests
{
    public static readonly TheoryData<int, string> JavaMessages = new()
    {
        { 0, "ok" },
        { -1, "SystemError" },
        { -2, "RuntimeInconsistency" },
        { -3, "DataInconsistency" },
        { -4, "ConnectionLoss" },
        { -5, "MarshallingError" },
        { -6, "Unimplemented" },
        { -7, "OperationTimeout" },
        { -8, "BadArguments" },
        { -12, "Unknown error UNKNOWNSESSION" },
        { -13, "NewConfigNoQuorum" },
        { -14, "ReconfigInProgress" },
        { -100, "APIError" },
        { -101, "NoNode" },
        { -102, "NoAuth" },
        { -103, "BadVersion" },
        { -108, "NoChildrenForEphemerals" },
        { -110, "NodeExists" },
        { -111, "Directory not empty" },
        { -112, "Session expired" },
        { -113, "Invalid callback" },
        { -114, "InvalidACL" },
        { -115, "AuthFailed" },
        { -118, "Session moved" },
        { -119, "Not a read-only call" },
        { -120, "Ephemeral node on local session" },
        { -121, "No such watcher" },
        { -122, "Unknown error REQUESTTIMEOUT" },
        { -123, "Reconfig is disabled" },
        { -124, "Session closed because client failed to authenticate" },
        { -125, "Quota has exceeded" },
        { -127, "Op throttled due to high load" },
    };

    [Theory]
    [MemberData(nameof(JavaMessages))]
    public void Describe_matches_java_getCodeMessage(int code, string expected)
    {
        Assert.Equal(expected, ErrorCodeText.Describe((ErrorCode)code));
    }

    [Fact]
    public void Every_error_code_has_a_java_message_in_the_table()
    {
        var known = JavaMessages.Select(row => (int)row[0]).ToHashSet();
        var missing = Enum.GetValues<ErrorCode>().Where(c => !known.Contains((int)c)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_code_in_the_table_is_an_ErrorCode_member()
    {
        var undefined = JavaMessages.Select(row => (int)row[0]).Where(c => !Enum.IsDefined((ErrorCode)c)).ToList();
        Assert.Empty(undefined);
    }

    [Theory]
    [InlineData(-9)]
    [InlineData(-126)]
    [InlineData(-200)]
    public void Code_outside_the_enum_is_described_by_its_number(int code)
    {
        Assert.Equal($"Unknown error {code}", ErrorCodeText.Describe((ErrorCode)code));
    }

    [Fact]
    public void KeeperException_message_without_a_path_is_KeeperErrorCode_equals_text()
    {
        Assert.Equal("KeeperErrorCode = NoNode", new KeeperException(ErrorCode.NoNode).Message);
    }

    [Fact]
    public void KeeperException_message_with_a_path_appends_for_path()
    {
        Assert.Equal("KeeperErrorCode = NodeExists for /a/b", new KeeperException(ErrorCode.NodeExists, "/a/b").Message);
    }

    [Fact]
    public void KeeperException_message_with_an_empty_path_omits_the_for_clause()
    {
        // Java: if (path == null || path.isEmpty()) return "KeeperErrorCode = " + getCodeMessage(code);
        Assert.Equal("KeeperErrorCode = Directory not empty", new KeeperException(ErrorCode.NotEmpty, "").Message);
    }

    [Fact]
    public void KeeperException_keeps_its_code_and_path()
    {
        var e = new KeeperException(ErrorCode.BadVersion, "/x");
        Assert.Equal((ErrorCode.BadVersion, "/x"), (e.Code, e.Path));
    }
}
