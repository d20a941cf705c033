namespace Keeper.Core.Sessions;

/// <summary>
/// Session liveness as ZooKeeper's SessionTrackerImpl keeps it: every request touches its session, which
/// then expires at now + timeout rounded up to the next tick boundary (ExpiryQueue.roundToNextInterval).
/// No clock of its own: callers pass the time in milliseconds of a monotonic clock.
/// </summary>
public sealed class SessionTracker
{
    private readonly Dictionary<long, Session> _sessions = [];
    private readonly int _tickTime;
    private long _nextSessionId;

    public SessionTracker(int tickTime, long serverId, long nowMs)
    {
        _tickTime = tickTime;
        _nextSessionId = InitialSessionId(serverId, nowMs);
    }

    /// <summary>((elapsedMillis &lt;&lt; 24) >>> 8) | (serverId &lt;&lt; 56), never Long.MIN_VALUE.</summary>
    public static long InitialSessionId(long serverId, long elapsedMillis)
    {
        long id = (long)((ulong)(elapsedMillis << 24) >> 8) | (serverId << 56);
        return id == long.MinValue ? id + 1 : id;
    }

    public int Count => _sessions.Count;
    public IEnumerable<Session> Sessions => _sessions.Values;

    public long NextSessionId()
    {
        long id = _nextSessionId++;
        if (id == long.MinValue) id = _nextSessionId++;
        return id;
    }

    /// <summary>Registers a session (a new one, or one restored from disk) and starts its expiry clock.</summary>
    public Session Add(long sessionId, int timeout, long nowMs)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
            _sessions[sessionId] = session = new Session(sessionId, timeout);
        session.Timeout = timeout;
        session.ExpiresAt = RoundToNextTick(nowMs + timeout);
        return session;
    }

    public Session? Get(long sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>Renews a live session; false if it is unknown or already closing.</summary>
    public bool Touch(long sessionId, long nowMs)
    {
        if (!_sessions.TryGetValue(sessionId, out var session) || session.IsClosing) return false;
        long expiresAt = RoundToNextTick(nowMs + session.Timeout);
        if (expiresAt > session.ExpiresAt) session.ExpiresAt = expiresAt;
        return true;
    }

    /// <summary>
    /// Gives every session a full timeout from now: a new leader does this for every session it inherits,
    /// since it cannot know when their clients were last heard of.
    /// </summary>
    public void RenewAll(long nowMs)
    {
        foreach (var session in _sessions.Values) session.ExpiresAt = RoundToNextTick(nowMs + session.Timeout);
    }

    public bool IsLive(long sessionId) => _sessions.TryGetValue(sessionId, out var s) && !s.IsClosing;

    public void SetClosing(long sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out var s)) s.IsClosing = true;
    }

    public void Remove(long sessionId) => _sessions.Remove(sessionId);

    /// <summary>Marks every session whose expiry time has passed as closing and returns them.</summary>
    public List<Session> ExpireDue(long nowMs)
    {
        var due = new List<Session>();
        foreach (var session in _sessions.Values)
        {
            if (session.IsClosing || session.ExpiresAt > nowMs) continue;
            session.IsClosing = true;
            due.Add(session);
        }
        return due;
    }

    public long RoundToNextTick(long timeMs) => (timeMs / _tickTime + 1) * _tickTime;
}

public sealed class Session(long id, int timeout)
{
    public long Id { get; } = id;
    public int Timeout { get; set; } = timeout;
    public long ExpiresAt { get; set; }
    public bool IsClosing { get; set; }
}
