using System.Collections.Concurrent;
using Keeper.Interop.Tests.Infrastructure;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests;

/// <summary>One server per kind, each with a kazoo session holding an ephemeral node and watches.</summary>
public sealed class FourLetterWordFixture : ServerFixture
{
    public const string HoldPath = "/interop-4lw";

    private readonly ConcurrentDictionary<string, Lazy<Task<(ITestServer Server, ChildProcess Hold, string SessionId)>>> _held = new();

    public async Task<(ITestServer Server, string SessionId)> HeldAsync(string kind)
    {
        var held = await _held.GetOrAdd(kind, k => new(async () =>
        {
            var server = await ServerAsync(k);
            var (hold, sid) = await Kazoo.HoldSessionAsync(server, HoldPath);
            return (server, hold, sid);
        })).Value;
        return (held.Server, held.SessionId);
    }

    public override async Task DisposeAsync()
    {
        foreach (var lazy in _held.Values.Where(l => l.IsValueCreated))
        {
            try
            {
                await (await lazy.Value).Hold.DisposeAsync();
            }
            catch (Exception)
            {
                // The hold never started; nothing to stop.
            }
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// Four-letter words on a server with <c>4lw.commands.whitelist=*</c> while a client session
/// holds an ephemeral node, two data watches and a child watch. Exact where the output is
/// fixed, by shape (keys and line structure, see <see cref="FourLetterWordShapes"/>) elsewhere,
/// against expected/4lw/*.txt recorded from Apache ZooKeeper. The "keeper" cases fail until our
/// server exists; that is expected.
/// </summary>
public sealed class FourLetterWordTests(FourLetterWordFixture fixture) : IClassFixture<FourLetterWordFixture>
{
    public static IEnumerable<object[]> KindsAndWords =>
        from kind in ServerKinds.All from word in FourLetterWordShapes.Words select new object[] { kind, word };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Ruok_answers_imok_with_no_newline(string kind)
    {
        var (server, _) = await fixture.HeldAsync(kind);

        Assert.Equal("imok", await FourLetterWords.SendAsync(server.Port, "ruok", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Isro_answers_rw_with_no_newline_on_a_standalone_server(string kind)
    {
        var (server, _) = await fixture.HeldAsync(kind);

        Assert.Equal("rw", await FourLetterWords.SendAsync(server.Port, "isro", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task An_unknown_word_gets_the_connection_closed_without_output(string kind)
    {
        var (server, _) = await fixture.HeldAsync(kind);

        Assert.Equal("", await FourLetterWords.SendAsync(server.Port, "abcd", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Wchs_counts_the_data_watches_only(string kind)
    {
        var (server, _) = await fixture.HeldAsync(kind);

        // The held session watches /eph and /missing (data) and its base path (children).
        Assert.Equal("1 connections watching 2 paths\nTotal watches:2\n", await FourLetterWords.SendAsync(server.Port, "wchs", Timeout));
    }

    [Theory]
    [MemberData(nameof(ServerKinds.Both), MemberType = typeof(ServerKinds))]
    public async Task Wchp_lists_each_watched_path_with_the_watching_session(string kind)
    {
        var (server, sid) = await fixture.HeldAsync(kind);

        var shape = FourLetterWordShapes.Shape("wchp", await FourLetterWords.SendAsync(server.Port, "wchp", Timeout), server, sid);

        Assert.Equal(
            $"# wchp (ends with a newline)\n{FourLetterWordFixture.HoldPath}/eph\n\t0x<held-session>\n{FourLetterWordFixture.HoldPath}/missing\n\t0x<held-session>\n\n",
            shape);
    }

    [Theory]
    [MemberData(nameof(KindsAndWords))]
    public async Task Four_letter_word_output_has_the_shape_ZooKeeper_3_8_prints(string kind, string word)
    {
        var (server, sid) = await fixture.HeldAsync(kind);

        var output = await FourLetterWords.SendAsync(server.Port, word, Timeout);

        Transcripts.AssertMatchesRecorded($"4lw/{word}.txt", kind, FourLetterWordShapes.Shape(word, output, server, sid), "raw output:\n" + output);
    }

    [Fact]
    public async Task Four_letter_word_shapes_on_keeper_equal_a_live_apache_server()
    {
        var (apache, apacheSid) = await fixture.HeldAsync(ServerKinds.Apache);
        var (keeper, keeperSid) = await fixture.HeldAsync(ServerKinds.Keeper);
        var expected = "";
        var actual = "";
        foreach (var word in FourLetterWordShapes.Words)
        {
            expected += FourLetterWordShapes.Shape(word, await FourLetterWords.SendAsync(apache.Port, word, Timeout), apache, apacheSid);
            actual += FourLetterWordShapes.Shape(word, await FourLetterWords.SendAsync(keeper.Port, word, Timeout), keeper, keeperSid);
        }

        Transcripts.AssertSame(expected, actual, "apache", "keeper");
    }
}
