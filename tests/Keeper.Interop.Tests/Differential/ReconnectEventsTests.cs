namespace Keeper.Interop.Tests.Differential;

/// <summary>How a dropped session's events are written to the transcript: a run of reconnects counts once.</summary>
public sealed class ReconnectEventsTests
{
    private const string Disconnected = "s8 event [default] None <null> state=Disconnected zxid=-1";
    private const string SyncConnected = "s8 event [default] None <null> state=SyncConnected zxid=-1";
    private const string Expired = "s8 event [default] None <null> state=Expired zxid=-1";

    [Fact]
    public void Repeated_disconnect_and_reconnect_pairs_are_written_once()
    {
        var events = new List<string> { Disconnected, SyncConnected, Disconnected, SyncConnected, Disconnected, SyncConnected };

        Assert.Equal([Disconnected, SyncConnected], ScenarioRunner.WithoutRepeatedReconnects(events));
    }

    [Fact]
    public void Anything_else_is_kept_as_it_came()
    {
        var events = new List<string> { Disconnected, SyncConnected, "s8 event /a NodeDataChanged", Disconnected, SyncConnected, Disconnected, Expired };

        Assert.Equal(events, ScenarioRunner.WithoutRepeatedReconnects(events));
    }
}
