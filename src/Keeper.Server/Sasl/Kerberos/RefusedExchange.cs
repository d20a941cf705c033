namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// A login the server cannot serve whatever the client sends, failed at its first token with <paramref name="reason"/>:
/// a Krb5LoginModule without <c>storeKey=true</c> leaves Java's server no key to accept tickets with, so ZooKeeper
/// starts and refuses every login, and so do we.
/// </summary>
internal sealed class RefusedExchange(string reason) : ISaslServerExchange
{
    public bool IsComplete => false;

    public string? AuthorizationId => null;

    public byte[]? Evaluate(ReadOnlySpan<byte> token) => throw new SaslFailure(reason);
}
