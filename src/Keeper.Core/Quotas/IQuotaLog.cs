namespace Keeper.Core.Quotas;

/// <summary>Where quota warnings and errors go (the server's log); Core itself has no logging.</summary>
public interface IQuotaLog
{
    void Warn(string message);

    void Error(string message);
}
