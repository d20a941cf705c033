namespace Keeper.Server.Tls;

/// <summary>What a client port speaks.</summary>
internal enum ClientPortSecurity
{
    Plaintext,

    /// <summary>secureClientPort: TLS only.</summary>
    Tls,

    /// <summary>client.portUnification: TLS when the first byte is a TLS handshake record (0x16), else plaintext.</summary>
    Unified,
}
