using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keeper.Server.Tls;

/// <summary>
/// Whether a peer's certificate chain ends in the trust store, as Java's PKIX trust manager decides it: a certificate
/// that is itself in the trust store is trusted, and an extended key usage, if present, must allow client auth (or, for
/// the server a quorum peer dials, server auth).
/// Without a trust store the system's roots are used (Java uses the JDK's cacerts).
/// </summary>
internal static class ClientChain
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Null when the chain is trusted, else why not.</summary>
    public static string? Untrusted(X509Certificate2 leaf, X509Chain? sent, X509Certificate2Collection? trust, bool checkRevocation,
        bool ofServer = false)
    {
        if (trust is not null)
        {
            foreach (var anchor in trust)
                if (anchor.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) return null;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(ofServer ? ServerAuthentication : ClientAuthentication);
        if (trust is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trust);
        }

        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) policy.ExtraStore.Add(element.Certificate);
            policy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        if (chain.Build(leaf)) return null;
        var problems = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return $"{(ofServer ? "server" : "client")} certificate {JavaDistinguishedName.Of(leaf.SubjectName)} is not trusted: {string.Join("; ", problems)}";
    }
}
