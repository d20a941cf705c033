namespace Keeper.Server.Sasl;

/// <summary>The server side of one SASL login on a connection, whatever the mechanism (DIGEST-MD5 or GSSAPI).</summary>
internal interface ISaslServerExchange
{
    bool IsComplete { get; }

    /// <summary>The id the login grants (the <c>sasl</c> ACL id), once complete.</summary>
    string? AuthorizationId { get; }

    /// <summary>Takes the client's token and returns the server's next one (null: none). Throws <see cref="SaslFailure"/>.</summary>
    byte[]? Evaluate(ReadOnlySpan<byte> token);
}
