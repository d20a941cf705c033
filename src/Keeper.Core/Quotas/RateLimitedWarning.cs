namespace Keeper.Core.Quotas;

/// <summary>
/// ZooKeeper's RateLogger, which its quota check logs through: a new message is logged at once as
/// <c>Message:… Value:null</c>; repeats of it are counted and logged as <c>[N times] Message: …</c> once
/// 100 ms have passed since it was first seen, or when a different message comes.
/// </summary>
internal sealed class RateLimitedWarning(Func<IQuotaLog?> log, long intervalMs = 100)
{
    private string? _message;
    private long _since;
    private int _repeats;

    public void Log(string message, long nowMs)
    {
        if (message == _message)
        {
            _repeats++;
            if (nowMs - _since < intervalMs) return;
            Flush();
            _message = message;
            _since = nowMs;
            return;
        }
        Flush();
        _message = message;
        _since = nowMs;
        log()?.Warn("Message:" + message + " Value:null");
    }

    private void Flush()
    {
        if (_message is not null && _repeats > 0)
            log()?.Warn((_repeats > 1 ? $"[{_repeats} times] " : "") + "Message: " + _message);
        _message = null;
        _repeats = 0;
    }
}
