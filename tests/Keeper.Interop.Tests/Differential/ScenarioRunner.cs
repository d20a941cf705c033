using System.Diagnostics;
using Keeper.Client;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Differential;

/// <summary>
/// Executes scenario steps against one server through <see cref="ZooKeeperClient"/>, one at a time,
/// and writes each to the <see cref="Transcript"/>: the session, the op with its arguments, the result
/// (or error code), and the session's reply zxid (the client's lastZxid after the reply).
/// <para>
/// Watch events are written per session: the events a session received before the reply of one of
/// its operations are written just before that operation's line. The server sends a session's
/// notifications before any later reply on that session, and the client runs watcher callbacks before
/// the awaiting code resumes, so this position is deterministic; events one write causes in several
/// sessions are never compared across sessions. <see cref="Drain"/> (a sync on the session) is the
/// usual way to collect a session's events at a chosen point.
/// </para>
/// Every wait is bounded: each op by <see cref="OpTimeout"/>, the run by <see cref="Budget"/>.
/// </summary>
internal sealed class ScenarioRunner(ITestServer server) : IAsyncDisposable
{
    public static readonly TimeSpan OpTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(100);

    private readonly List<ScenarioSession> _sessions = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _timeouts;

    public Transcript T { get; } = new();

    public ITestServer Server => server;

    // ------------------------------------------------------------------ sessions

    /// <summary>Opens a session (one createSession txn) and waits for its SyncConnected event.</summary>
    public async Task<ScenarioSession> Open(string label)
    {
        CheckBudget();
        var s = new ScenarioSession(label);
        s.Client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = server.ConnectString,
            SessionTimeoutMs = 30_000,
            DefaultWatcher = s.DefaultWatcher,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        s.SessionId = s.Client.SessionId;
        _sessions.Add(s);
        T.NameSession(s.SessionId, label);
        await WaitUntil(() => s.Seen.Count > 0, TimeSpan.FromSeconds(5));
        Flush(s, sort: false);
        var password = s.Client.SessionPassword;
        T.Operation(OpCode.CreateSession,
            $"{label} connect -> session={T.Session(s.SessionId)} timeout={s.Client.NegotiatedTimeout} "
            + $"idHighByte=0x{(ulong)s.SessionId >> 56:x2} passwordLength={password.Length} state={s.Client.State} "
            + $"| zxid={Transcript.Hex(s.Client.LastZxid)}");
        return s;
    }

    /// <summary>
    /// A second client asking to resume session <paramref name="sessionId"/> with <paramref name="password"/>;
    /// a server must refuse an unknown session or a wrong password (the client then reports SessionExpired).
    /// </summary>
    /// <remarks>
    /// Apache closes the connection the session has before it checks the password, so the owner of the
    /// session (<paramref name="owner"/>) is observed as in <see cref="RawThenReconnect"/>.
    /// </remarks>
    public async Task Resume(string label, string what, long sessionId, byte[] password, ScenarioSession owner)
    {
        CheckBudget();
        var before = DisconnectsSeen(owner);
        string outcome;
        try
        {
            var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
            {
                ConnectString = server.ConnectString,
                SessionTimeoutMs = 30_000,
                SessionId = sessionId,
                SessionPassword = password,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            }).WaitAsync(OpTimeout);
            outcome = $"OK session={T.Session(client.SessionId)} state={client.State}";
            await client.CloseAsync(TimeSpan.FromSeconds(5)).WaitAsync(OpTimeout);
        }
        catch (KeeperException e)
        {
            outcome = "ERR " + Transcript.Error(e.Code);
        }
        catch (Exception e)
        {
            outcome = $"EXCEPTION {e.GetType().Name}";
        }

        T.Operation(OpCode.CreateSession, $"{label} resume {what} -> {outcome}");
        await ObserveConnection(owner, before, 1);
    }

    /// <summary>Closes the session (closeSession, then Closed to every watcher); its events are sorted.</summary>
    public async Task Close(ScenarioSession s)
    {
        CheckBudget();
        string outcome;
        try
        {
            await s.Client.CloseAsync(TimeSpan.FromSeconds(10)).WaitAsync(OpTimeout);
            outcome = "OK";
        }
        catch (Exception e)
        {
            outcome = $"EXCEPTION {e.GetType().Name}";
        }

        Flush(s, sort: true);
        T.Operation(OpCode.CloseSession, $"{s.Label} close -> {outcome} state={s.Client.State} | zxid={Transcript.Hex(s.Client.LastZxid)}");
    }

    /// <summary>A sync on the session, so every event sent to it so far is written now.</summary>
    public Task Drain(ScenarioSession s, bool sort = false) => Sync(s, "/", sort);

    public void Note(string text) => T.Note(text);

    // ------------------------------------------------------------------ node operations

    /// <summary>Any create opcode (1, 15, 19, 21) with exactly these flags; the ttl goes only with 21.</summary>
    public async Task<string?> Create(ScenarioSession s, string path, byte[]? data, IReadOnlyList<Acl>? acl, int flags,
        OpCode op = OpCode.Create, long ttl = -1)
    {
        var what = $"create({(int)op}) {P(path)} data={Transcript.Data(data)} acl={AclName(acl)} flags={flags}"
            + (op == OpCode.CreateTtl ? $" ttl={ttl}" : "");
        var (ok, value) = await Run(s, op, what,
            () => s.Client.CreateWithOpCodeAsync(op, path, data, acl, (CreateMode)flags, ttl),
            v => $"path={P(v.Path)}" + (v.Stat is { } st ? " stat=" + T.Stat(st) : ""));
        return ok ? value.Path : null;
    }

    public Task Delete(ScenarioSession s, string path, int version = -1) =>
        Run(s, OpCode.Delete, $"delete {P(path)} version={version}",
            async () => { await s.Client.DeleteAsync(path, version); return 0; }, _ => "");

    public async Task<Stat?> Exists(ScenarioSession s, string path, string? watch = null)
    {
        var (_, stat) = await Run(s, OpCode.Exists, $"exists {P(path)} watch={watch ?? "-"}",
            () => watch is null ? s.Client.ExistsAsync(path) : s.Client.ExistsAsync(path, s.W(watch)),
            v => "stat=" + T.Stat(v));
        return stat;
    }

    public Task GetData(ScenarioSession s, string path, string? watch = null) =>
        Run(s, OpCode.GetData, $"getData {P(path)} watch={watch ?? "-"}",
            () => watch is null ? s.Client.GetDataAsync(path) : s.Client.GetDataAsync(path, s.W(watch)),
            v => $"data={Transcript.Data(v.Data)} stat={T.Stat(v.Stat)}");

    public Task SetData(ScenarioSession s, string path, byte[]? data, int version = -1) =>
        Run(s, OpCode.SetData, $"setData {P(path)} data={Transcript.Data(data)} version={version}",
            () => s.Client.SetDataAsync(path, data, version), v => "stat=" + T.Stat(v));

    public Task GetChildren(ScenarioSession s, string path, string? watch = null) =>
        Run(s, OpCode.GetChildren, $"getChildren {P(path)} watch={watch ?? "-"}",
            () => watch is null ? s.Client.GetChildrenAsync(path) : s.Client.GetChildrenAsync(path, s.W(watch)),
            v => "children=" + Transcript.Sorted(v));

    public Task GetChildren2(ScenarioSession s, string path, string? watch = null) =>
        Run(s, OpCode.GetChildren2, $"getChildren2 {P(path)} watch={watch ?? "-"}",
            () => watch is null ? s.Client.GetChildren2Async(path) : s.Client.GetChildren2Async(path, s.W(watch)),
            v => $"children={Transcript.Sorted(v.Children)} stat={T.Stat(v.Stat)}");

    /// <summary>
    /// getACL. <paramref name="sorted"/> sorts the entries: for a list made by expanding auth:, whose order
    /// is the order of the session's identities in a hash set on Apache.
    /// </summary>
    public Task GetAcl(ScenarioSession s, string path, bool sorted = false) =>
        Run(s, OpCode.GetAcl, $"getACL {P(path)}", () => s.Client.GetAclAsync(path),
            v => sorted
                ? $"acl(sorted)={Transcript.Sorted(v.Acl.Select(a => $"{(int)a.Perms}:{a.Id.Scheme}:{a.Id.Identity}"))} stat={T.Stat(v.Stat)}"
                : $"acl={Transcript.Acl(v.Acl)} stat={T.Stat(v.Stat)}");

    public Task SetAcl(ScenarioSession s, string path, IReadOnlyList<Acl>? acl, int version = -1) =>
        Run(s, OpCode.SetAcl, $"setACL {P(path)} acl={AclName(acl)} version={version}",
            () => s.Client.SetAclAsync(path, acl!, version), v => "stat=" + T.Stat(v));

    public Task Sync(ScenarioSession s, string path, bool sortEvents = false) =>
        Run(s, OpCode.Sync, $"sync {P(path)}", () => s.Client.SyncAsync(path), v => "path=" + P(v), sortEvents);

    public Task GetEphemerals(ScenarioSession s, string prefix) =>
        Run(s, OpCode.GetEphemerals, $"getEphemerals {P(prefix)}", () => s.Client.GetEphemeralsAsync(prefix),
            v => "paths=" + Transcript.Sorted(v));

    public Task GetAllChildrenNumber(ScenarioSession s, string path) =>
        Run(s, OpCode.GetAllChildrenNumber, $"getAllChildrenNumber {P(path)}", () => s.Client.GetAllChildrenNumberAsync(path),
            v => "number=" + v);

    public Task WhoAmI(ScenarioSession s) =>
        Run(s, OpCode.WhoAmI, "whoAmI", () => s.Client.WhoAmIAsync(),
            v => "ids=" + Transcript.Sorted(v.Select(c => $"{c.AuthScheme}:{c.User}")));

    public Task AddAuth(ScenarioSession s, string scheme, string auth) =>
        Run(s, OpCode.Auth, $"addAuth {scheme} {P(auth)}",
            async () => { await s.Client.AddAuthAsync(scheme, System.Text.Encoding.UTF8.GetBytes(auth)); return 0; },
            _ => $"state={s.Client.State}");

    public Task AddWatch(ScenarioSession s, string path, AddWatchMode mode, string watch) =>
        Run(s, OpCode.AddWatch, $"addWatch {P(path)} mode={mode} watch={watch}",
            async () => { await s.Client.AddWatchAsync(path, mode, s.W(watch)); return 0; }, _ => "");

    /// <summary>The client's removeWatches (checkWatches 17 on the wire, local bookkeeping and *WatchRemoved events).</summary>
    public Task RemoveWatcher(ScenarioSession s, string path, string watch, WatcherType type) =>
        Run(s, OpCode.CheckWatches, $"client.removeWatches {P(path)} watch={watch} type={type}",
            async () => { await s.Client.RemoveWatchesAsync(path, s.W(watch), type); return 0; }, _ => "");

    /// <summary>The client's removeAllWatches (removeWatches 18 on the wire, with local bookkeeping).</summary>
    public Task RemoveAllWatchers(ScenarioSession s, string path, WatcherType type) =>
        Run(s, OpCode.RemoveWatches, $"client.removeAllWatches {P(path)} type={type}",
            async () => { await s.Client.RemoveAllWatchesAsync(path, type); return 0; }, _ => "");

    // ------------------------------------------------------------------ raw requests (no client bookkeeping)

    /// <summary>checkWatches (17) sent raw: does the server hold such a watch for this session? Changes nothing.</summary>
    public Task CheckWatchesRaw(ScenarioSession s, string path, WatcherType type) =>
        Raw(s, OpCode.CheckWatches, new WatchesRequest(path, type), $"checkWatches {P(path)} type={(int)type}");

    /// <summary>removeWatches (18) sent raw: removes the server's watch; the client's tables are not touched.</summary>
    public Task RemoveWatchesRaw(ScenarioSession s, string path, WatcherType type) =>
        Raw(s, OpCode.RemoveWatches, new WatchesRequest(path, type), $"removeWatches {P(path)} type={(int)type}");

    public Task SetWatchesRaw(ScenarioSession s, long relativeZxid, List<string> data, List<string> exist, List<string> child) =>
        Raw(s, OpCode.SetWatches, new SetWatches(relativeZxid, data, exist, child),
            $"setWatches relativeZxid={Transcript.Hex(relativeZxid)} data={Transcript.Sorted(data)} exist={Transcript.Sorted(exist)} child={Transcript.Sorted(child)}",
            sortEvents: false);

    public Task SetWatches2Raw(ScenarioSession s, long relativeZxid, List<string> data, List<string> exist, List<string> child,
        List<string> persistent, List<string> recursive) =>
        Raw(s, OpCode.SetWatches2, new SetWatches2(relativeZxid, data, exist, child, persistent, recursive),
            $"setWatches2 relativeZxid={Transcript.Hex(relativeZxid)} data={Transcript.Sorted(data)} exist={Transcript.Sorted(exist)} "
            + $"child={Transcript.Sorted(child)} persistent={Transcript.Sorted(persistent)} recursive={Transcript.Sorted(recursive)}");

    /// <summary>Any request sent as is; the result shows the reply header's err and zxid and the body bytes.</summary>
    public async Task<RawReply?> Raw(ScenarioSession s, OpCode code, IJuteRecord? body, string what, bool sortEvents = false,
        bool flush = true)
    {
        var (ok, reply) = await Run(s, code, $"raw({(int)code}) {what}", () => s.Client.SendRawAsync(code, body),
            v => RenderRaw(code, v), sortEvents, flush);
        return ok ? reply : null;
    }

    /// <summary>
    /// A request a server may answer by closing the connection (an unknown opcode, a malformed body):
    /// records the reply (or its absence), then waits up to <paramref name="dropWaitSeconds"/> for the
    /// client to see the connection drop and, if it did, for the client to resume the session on a new
    /// connection or to learn that it is gone; records what it saw. The session's events are written
    /// only after that, so their place in the transcript does not depend on timing.
    /// </summary>
    public async Task RawThenReconnect(ScenarioSession s, OpCode code, IJuteRecord? body, string what, double dropWaitSeconds = 3)
    {
        var before = DisconnectsSeen(s);
        await Raw(s, code, body, what, flush: false);
        await ObserveConnection(s, before, dropWaitSeconds);
    }

    private static int DisconnectsSeen(ScenarioSession s) => s.Seen.Count(e => e.State == KeeperState.Disconnected);

    /// <summary>
    /// Waits up to <paramref name="dropWaitSeconds"/> for the session's connection to drop (a Disconnected
    /// event after the first <paramref name="before"/>) and, if it did, until the client has resumed the
    /// session or learnt that it is gone; records what it saw, then the session's events.
    /// </summary>
    private async Task ObserveConnection(ScenarioSession s, int before, double dropWaitSeconds)
    {
        var dropped = await WaitUntil(() => s.Seen.Count(e => e.State == KeeperState.Disconnected) > before, TimeSpan.FromSeconds(dropWaitSeconds));
        var settled = dropped && await WaitUntil(
            () => s.Seen.Last().State is KeeperState.Expired or KeeperState.AuthFailed
                || (s.Client.State == ZooKeeperState.Connected && s.Seen.Last().State == KeeperState.SyncConnected),
            TimeSpan.FromSeconds(10));
        var resumed = settled && s.Client.State == ZooKeeperState.Connected;
        T.Raw($"     {s.Label} observed: connection dropped={dropped} resumed={resumed} state={s.Client.State} session={T.Session(s.Client.SessionId)}");
        foreach (var line in WithoutRepeatedReconnects(s.TakeEvents(sort: false)))
        {
            T.Raw("     " + line);
        }
    }

    /// <summary>
    /// One Disconnected-then-SyncConnected pair for a run of them: how many times a client reconnects before the drop
    /// settles depends on timing (under load a server may close the resumed connection again while the other
    /// connection's attempt is still being handled), not on what the server answers; the first pair is what counts.
    /// </summary>
    internal static List<string> WithoutRepeatedReconnects(List<string> events)
    {
        var kept = new List<string>(events.Count);
        foreach (var line in events)
        {
            kept.Add(line);
            int n = kept.Count;
            if (n >= 4 && IsReconnectPair(kept[n - 2], kept[n - 1]) && kept[n - 4] == kept[n - 2] && kept[n - 3] == kept[n - 1])
                kept.RemoveRange(n - 2, 2);
        }
        return kept;
    }

    private static bool IsReconnectPair(string first, string second) =>
        first.Contains("state=Disconnected", StringComparison.Ordinal) && second.Contains("state=SyncConnected", StringComparison.Ordinal);

    // ------------------------------------------------------------------ multi

    /// <summary>multi (14) through the client's MultiRawAsync: every per-op result of a failed multi too.</summary>
    public Task Multi(ScenarioSession s, params MultiOp[] ops) =>
        Track(T.MultiOpCodes, ops).Run(s, OpCode.Multi, $"multi [{string.Join(" ; ", ops.Select(DescribeOp))}]", () => s.Client.MultiRawAsync(ops), RenderResults);

    /// <summary>multi (14) sent raw: shows each result's MultiHeader (type, done, err) as well as its body.</summary>
    public Task MultiRaw(ScenarioSession s, params MultiOp[] ops) =>
        Track(T.MultiOpCodes, ops).Raw(s, OpCode.Multi, new MultiRequest(ops), $"multi [{string.Join(" ; ", ops.Select(DescribeOp))}]");

    public Task MultiRead(ScenarioSession s, params MultiOp[] ops) =>
        Track(T.MultiReadOpCodes, ops).Run(s, OpCode.MultiRead, $"multiRead [{string.Join(" ; ", ops.Select(DescribeOp))}]", () => s.Client.MultiReadAsync(ops),
            RenderResults);

    private ScenarioRunner Track(SortedSet<int> codes, MultiOp[] ops)
    {
        foreach (var op in ops)
        {
            codes.Add((int)op.Type);
        }

        return this;
    }

    // ------------------------------------------------------------------ timing-dependent steps

    /// <summary>
    /// Polls exists (unrecorded) until the node is gone, at most <paramref name="bound"/>, and records
    /// only the outcome: for container and TTL deletion, which happen on the server's own schedule.
    /// </summary>
    public async Task AwaitGone(ScenarioSession s, string path, TimeSpan bound)
    {
        CheckBudget();
        var clock = Stopwatch.StartNew();
        Stat? last = null;
        string? error = null;
        while (clock.Elapsed < bound)
        {
            try
            {
                last = await s.Client.ExistsAsync(path).WaitAsync(OpTimeout);
                error = null;
            }
            catch (Exception e)
            {
                error = e is KeeperException k ? Transcript.Error(k.Code) : e.GetType().Name;
            }

            if (last is null && error is null)
            {
                break;
            }

            await Task.Delay(50);
        }

        Flush(s, sort: false);
        var outcome = error is not null ? $"ERR {error}" : last is null ? "gone" : $"still present after {bound.TotalSeconds:0} s stat={T.Stat(last)}";
        T.Operation(OpCode.Exists, $"{s.Label} await-gone {P(path)} -> {outcome} | zxid={Transcript.Hex(s.Client.LastZxid)}");
    }

    /// <summary>Lets the server's background work run (e.g. the container reaper) before a check.</summary>
    public async Task Settle(int milliseconds)
    {
        CheckBudget();
        await Task.Delay(milliseconds);
        T.Raw($"     (waited {milliseconds} ms)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sessions)
        {
            try
            {
                await s.Client.CloseAsync(TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // Best effort: the server is stopped right after anyway.
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private async Task<(bool Ok, TResult Value)> Run<TResult>(ScenarioSession s, OpCode code, string what, Func<Task<TResult>> call,
        Func<TResult, string> render, bool sortEvents = false, bool flush = true)
    {
        CheckBudget();
        string outcome;
        var ok = false;
        TResult value = default!;
        try
        {
            value = await call().WaitAsync(OpTimeout);
            ok = true;
            var rendered = render(value);
            outcome = rendered.Length == 0 ? "OK" : "OK " + rendered;
        }
        catch (KeeperException e)
        {
            outcome = "ERR " + Transcript.Error(e.Code);
        }
        catch (TimeoutException)
        {
            outcome = $"TIMEOUT (no reply within {OpTimeout.TotalSeconds:0} s)";
            _timeouts++;
        }
        catch (Exception e)
        {
            outcome = $"EXCEPTION {e.GetType().Name}: {e.Message}";
        }

        if (flush)
        {
            Flush(s, sortEvents);
        }

        T.Operation(code, $"{s.Label} {what} -> {outcome} | zxid={Transcript.Hex(s.Client.LastZxid)}");
        return (ok, value);
    }

    private void Flush(ScenarioSession s, bool sort)
    {
        foreach (var line in s.TakeEvents(sort))
        {
            T.Raw("     " + line);
        }
    }

    private void CheckBudget()
    {
        if (_clock.Elapsed > Budget)
        {
            throw new ScenarioAbortedException($"the scenario ran longer than {Budget.TotalSeconds:0} s");
        }

        if (_timeouts >= 5)
        {
            throw new ScenarioAbortedException($"{_timeouts} operations got no reply within {OpTimeout.TotalSeconds:0} s");
        }
    }

    private static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private static string P(string path) => Transcript.Path(path);

    public static string AclName(IReadOnlyList<Acl>? acl)
    {
        if (acl is not null)
        {
            if (Acls.SameList(acl, Acls.OpenAclUnsafe))
            {
                return "OPEN";
            }

            if (Acls.SameList(acl, Acls.ReadAclUnsafe))
            {
                return "READ";
            }

            if (Acls.SameList(acl, Acls.CreatorAllAcl))
            {
                return "CREATOR_ALL";
            }
        }

        return Transcript.Acl(acl);
    }

    private static string DescribeOp(MultiOp op) => op.Body switch
    {
        CreateRequest c => $"create({(int)op.Type}) {P(c.Path)} data={Transcript.Data(c.Data)} acl={AclName(c.Acl)} flags={c.Flags}"
            + (c.HasTtl ? $" ttl={c.Ttl}" : ""),
        DeleteRequest d => $"delete({(int)op.Type}) {P(d.Path)} version={d.Version}",
        SetDataRequest sd => $"setData({(int)op.Type}) {P(sd.Path)} data={Transcript.Data(sd.Data)} version={sd.Version}",
        CheckVersionRequest cv => $"check({(int)op.Type}) {P(cv.Path)} version={cv.Version}",
        PathWatchRequest pw => $"{op.Type}({(int)op.Type}) {P(pw.Path)}",
        _ => $"{op.Type}({(int)op.Type})",
    };

    private string RenderResults(IReadOnlyList<MultiResult> results) =>
        "results=[" + string.Join(" ; ", results.Select((r, i) => $"{i}:{RenderResult(r.Type, r.Err, r.Body)}")) + "]";

    private string RenderResult(OpCode type, ErrorCode err, IJuteRecord? body) => (type, body) switch
    {
        (OpCode.Error, _) => $"error {Transcript.Error(err)}",
        (OpCode.Create, PathRecord p) => $"create path={P(p.Path)}",
        (OpCode.Create2, Create2Response c) => $"create2 path={P(c.Path)} stat={T.Stat(c.Stat)}",
        (OpCode.Delete, _) => "delete",
        (OpCode.Check, _) => "check",
        (OpCode.SetData, StatResponse sr) => $"setData stat={T.Stat(sr.Stat)}",
        (OpCode.GetData, GetDataResponse g) => $"getData data={Transcript.Data(g.Data)} stat={T.Stat(g.Stat)}",
        (OpCode.GetChildren, StringListResponse l) => $"getChildren children={Transcript.Sorted(l.Items)}",
        _ => $"{type}({(int)type}) body={body}",
    };

    /// <summary>A raw reply: header err and zxid, then the body decoded where its shape is known, else hex.</summary>
    private string RenderRaw(OpCode code, RawReply reply)
    {
        var head = $"reply(err={Transcript.Error(reply.Header.Err)} zxid={Transcript.Hex(reply.Header.Zxid)})";
        if (reply.Body.Length == 0)
        {
            return head + " body=none";
        }

        var hex = "0x" + Convert.ToHexString(reply.Body).ToLowerInvariant();
        return head + " body=" + (code is OpCode.Multi or OpCode.MultiRead ? DecodeMulti(reply.Body) ?? hex : hex);
    }

    /// <summary>A multi reply body, header by header; anything that does not parse as one is shown as hex.</summary>
    private string? DecodeMulti(byte[] body)
    {
        try
        {
            var parts = new List<string>();
            var r = new JuteReader(body);
            while (true)
            {
                var h = MultiHeader.Read(ref r);
                if (h.Done)
                {
                    parts.Add($"end(type={h.Type} err={h.Err})");
                    break;
                }

                var type = (OpCode)h.Type;
                string rendered = type switch
                {
                    OpCode.Create => RenderResult(type, ErrorCode.Ok, PathRecord.Read(ref r)),
                    OpCode.Create2 => RenderResult(type, ErrorCode.Ok, Create2Response.Read(ref r)),
                    OpCode.Delete or OpCode.Check => RenderResult(type, ErrorCode.Ok, null),
                    OpCode.SetData => RenderResult(type, ErrorCode.Ok, StatResponse.Read(ref r)),
                    OpCode.GetData => RenderResult(type, ErrorCode.Ok, GetDataResponse.Read(ref r)),
                    OpCode.GetChildren => RenderResult(type, ErrorCode.Ok, StringListResponse.Read(ref r)),
                    OpCode.Error => RenderResult(type, ErrorResponse.Read(ref r).Err, null),
                    _ => throw new JuteException("not a multi result"),
                };
                parts.Add($"[header type={h.Type} done={(h.Done ? 1 : 0)} err={h.Err}] {rendered}");
            }

            if (!r.AtEnd)
            {
                parts.Add($"trailing={r.Remaining}");
            }

            return "multi{" + string.Join(" ; ", parts) + "}";
        }
        catch (JuteException)
        {
            return null;
        }
    }
}

internal sealed class ScenarioAbortedException(string message) : Exception(message);
