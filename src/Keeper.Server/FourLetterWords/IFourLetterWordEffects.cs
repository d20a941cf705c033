namespace Keeper.Server.FourLetterWords;

/// <summary>The three words that change the server; the live server implements these.</summary>
internal interface IFourLetterWordEffects
{
    /// <summary><c>srst</c>: zero the server's latency and packet counters (and the leader's proposal sizes).</summary>
    void ResetServerStats();

    /// <summary><c>crst</c>: zero every connection's counters and latencies.</summary>
    void ResetConnectionStats();

    /// <summary><c>stmk</c>: set ZooTrace's text trace mask (the 8 bytes after the word).</summary>
    void SetTraceMask(long mask);
}
