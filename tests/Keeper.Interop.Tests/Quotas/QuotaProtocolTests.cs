using System.Collections.Concurrent;
using System.Text;
using Keeper.Client;
using Keeper.Interop.Tests.Differential;
using Keeper.Protocol;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Quotas;

/// <summary>Fresh servers of both kinds with <c>enforceQuota=true</c> in zoo.cfg, each running <see cref="QuotaProtocolTests"/>' scenario once.</summary>
public sealed class QuotaProtocolFixture : IAsyncLifetime
{
    private readonly ServerPool _pool = new(new Dictionary<string, string> { ["enforceQuota"] = "true" });
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Transcript, string? Aborted)>>> _runs = new();

    internal Task<(string Transcript, string? Aborted)> RunAsync(string kind, Func<ScenarioRunner, Task> scenario) =>
        _runs.GetOrAdd(kind, k => new Lazy<Task<(string, string?)>>(async () =>
        {
            var server = await _pool.GetAsync(k);
            await using var runner = new ScenarioRunner(server);
            string? aborted = null;
            try
            {
                await scenario(runner);
            }
            catch (Exception e)
            {
                aborted = $"{e.GetType().Name}: {e.Message}";
                runner.T.Raw("!! the scenario stopped here: " + aborted);
            }

            var dir = Path.Combine(AppContext.BaseDirectory, "quotas");
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, $"protocol-{k}.txt"), runner.T.Text);
            return (runner.T.Text, aborted);
        })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pool.DisposeAsync();
}

/// <summary>
/// Quotas at the protocol level, through the differential test's <see cref="ScenarioRunner"/> (full stats, exact
/// zxids, every multi result): quota nodes made as setquota makes them, the stats the server writes, hard limits
/// refusing creates and setData (an error txn that still takes a zxid), a multi whose creates and setData are each
/// checked against the applied tree and the pending data, and a limits node that does not parse. The transcripts
/// of Apache ZooKeeper 3.8 and Keeper must be identical.
/// </summary>
public sealed class QuotaProtocolTests(QuotaProtocolFixture fixture) : IClassFixture<QuotaProtocolFixture>
{
    private static readonly IReadOnlyList<Acl> Open = Acls.OpenAclUnsafe;

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task ScenarioAsync(ScenarioRunner r)
    {
        var s = await r.Open("s1");
        const string stats = "/zookeeper/quota/rq/zookeeper_stats";
        const string limits = "/zookeeper/quota/rq/zookeeper_limits";
        await r.Create(s, "/rq", U("12345"), Open, 0);
        await r.Create(s, "/rq/pre", null, Open, 0);
        await r.Create(s, "/zookeeper/quota/rq", null, Open, 0);
        await r.Create(s, limits, U("count=-1,bytes=-1=;byteHardLimit=8;countHardLimit=4"), Open, 0);
        await r.Create(s, stats, U("count=0,bytes=0"), Open, 0);
        await r.GetData(s, stats);
        await r.Exists(s, stats);

        r.Note("a multi's creates are each checked against the applied stats, so together they may go past the limit");
        await r.Multi(s, Ops.Create("/rq/a", null, Open, CreateMode.Persistent), Ops.Create("/rq/b", null, Open, CreateMode.Persistent),
            Ops.Create("/rq/c", U("xyz"), Open, CreateMode.Persistent));
        await r.GetData(s, stats);
        await r.Create(s, "/rq/d", null, Open, 0);
        await r.Create(s, "/rq/d", null, Open, (int)CreateMode.Ephemeral);
        await r.SetData(s, "/rq", U("123456"));
        await r.SetData(s, "/rq", U("1"));
        await r.GetData(s, stats);

        r.Note("a multi's second setData counts from the first one's data");
        await r.Multi(s, Ops.SetData("/rq", U("123")), Ops.SetData("/rq", U("12345")));
        await r.GetData(s, stats);
        await r.Multi(s, Ops.Delete("/rq/a"), Ops.Create("/rq/e", null, Open, CreateMode.Persistent));
        await r.Delete(s, "/rq/a");
        await r.Delete(s, "/rq/b");
        await r.GetData(s, stats);
        await r.Create(s, "/rq/e", U("abc"), Open, 0);
        await r.Create(s, "/rq/e", null, Open, 0);
        await r.GetData(s, stats);

        r.Note("at the count limit: errors that come before the quota check win over it; the version check comes after it");
        await r.Create(s, "/rq/e", null, Open, 0);
        await r.Create(s, "/rq/none/x", null, Open, 0);
        await r.Create(s, "/rq/x", null, Open, 0);
        await r.SetData(s, "/rq", U("123456789"), version: 99);

        r.Note("a limit node that does not parse fails the write");
        await r.SetData(s, limits, U("count=1,bytes=x"));
        await r.Create(s, "/rq/f", null, Open, 0);
        await r.SetData(s, "/rq", U("1"));
        await r.Multi(s, Ops.Create("/rq/h", null, Open, CreateMode.Persistent));
        await r.SetData(s, limits, U("count=2,bytes=3"));
        await r.Create(s, "/rq/f", U("toolong"), Open, 0);
        await r.GetData(s, stats);

        r.Note("deleting the limits node ends the quota; the stats node is no longer kept");
        await r.Delete(s, limits);
        await r.Create(s, "/rq/g", null, Open, 0);
        await r.GetData(s, stats);
        await r.Close(s);
    }

    [Fact]
    public async Task Keeper_answers_the_quota_scenario_exactly_as_Apache_ZooKeeper_does()
    {
        var apache = await fixture.RunAsync(ServerKinds.Apache, ScenarioAsync);
        Assert.True(apache.Aborted is null, $"the scenario did not complete on Apache ZooKeeper: {apache.Aborted}");
        Assert.Contains("QuotaExceeded", apache.Transcript, StringComparison.Ordinal);
        var keeper = await fixture.RunAsync(ServerKinds.Keeper, ScenarioAsync);
        if (apache.Transcript == keeper.Transcript) return;
        Assert.Fail("The transcripts differ:\n" + TranscriptDiff.Unified(
            apache.Transcript.TrimEnd('\n').Split('\n'), keeper.Transcript.TrimEnd('\n').Split('\n'), "apache", "keeper", maxLines: 150));
    }
}
