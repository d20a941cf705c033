namespace Keeper.Server.Sasl;

/// <summary>The client side of one SASL login (a quorum learner authenticating to a peer), mechanism by mechanism.</summary>
internal interface ISaslClientExchange : IDisposable
{
    bool IsComplete { get; }

    /// <summary>The first token sent (empty for a mechanism without an initial response). Throws <see cref="SaslFailure"/>.</summary>
    byte[] Start();

    /// <summary>Takes the server's token and returns ours; null once complete with nothing more to send. Throws <see cref="SaslFailure"/>.</summary>
    byte[]? EvaluateChallenge(ReadOnlySpan<byte> token);
}
