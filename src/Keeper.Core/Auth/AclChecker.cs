using Keeper.Protocol;
using Keeper.Protocol.Records;

namespace Keeper.Core.Auth;

/// <summary>ZooKeeper's checkACL and fixupACL over the schemes we provide: world, auth, digest, ip, sasl, x509, super.</summary>
public static class AclChecker
{
    /// <summary>
    /// True when the caller may do <paramref name="perm"/>: an empty list allows everyone, a super id
    /// allows everything, otherwise some entry with the bit must be world:anyone or match a caller id.
    /// </summary>
    public static bool IsAllowed(IReadOnlyList<Acl> acl, Perms perm, IReadOnlyList<Id> callerIds)
    {
        if (acl.Count == 0) return true;
        foreach (var id in callerIds)
            if (id.Scheme == "super") return true;
        foreach (var entry in acl)
        {
            if ((entry.Perms & perm) == 0) continue;
            if (entry.Id.Scheme == "world" && entry.Id.Identity == "anyone") return true;
            foreach (var id in callerIds)
                if (id.Scheme == entry.Id.Scheme && Matches(id.Scheme, id.Identity, entry.Id.Identity)) return true;
        }
        return false;
    }

    private static bool Matches(string scheme, string callerId, string aclId) => scheme switch
    {
        "digest" => callerId == aclId,
        "ip" => IpAuth.Matches(callerId, aclId),
        "x509" => callerId == aclId,
        "sasl" => SaslIds.Matches(callerId, aclId),
        _ => false,
    };

    /// <summary>
    /// Validates and expands an ACL list for create/setACL: duplicates go, auth:... becomes every
    /// authenticated id of the caller (digest, not ip) whose provider is loaded, other schemes must be valid ids of
    /// a loaded provider. Null when invalid.
    /// </summary>
    public static List<Acl>? Fixup(IReadOnlyList<Acl>? acl, IReadOnlyList<Id> callerIds, AuthProviders providers)
    {
        if (acl is null || acl.Count == 0) return null;
        var result = new List<Acl>(acl.Count);
        foreach (var entry in acl.Distinct())
        {
            var id = entry.Id;
            if (id.Scheme == "world" && id.Identity == "anyone") result.Add(entry);
            else if (id.Scheme == "auth")
            {
                bool any = false;
                foreach (var caller in callerIds)
                {
                    if (!IsAuthenticatedScheme(caller.Scheme) || !providers.IsLoaded(caller.Scheme)) continue;
                    any = true;
                    result.Add(new Acl(entry.Perms, caller));
                }
                if (!any) return null;
            }
            else if (providers.IsLoaded(id.Scheme) && IsValidId(id)) result.Add(entry);
            else return null;
        }
        return result;
    }

    /// <summary>Schemes whose ids prove who the caller is (ip only says where it is).</summary>
    private static bool IsAuthenticatedScheme(string scheme) => scheme is "digest" or "x509" or "sasl";

    private static bool IsValidId(Id id) => id.Scheme switch
    {
        "digest" => DigestAuth.IsValidId(id.Identity),
        "ip" => IpAuth.IsValidId(id.Identity),
        "sasl" => SaslIds.IsValid(id.Identity),
        "x509" => IsDistinguishedName(id.Identity),
        _ => false,
    };

    // X509AuthenticationProvider.isValid: whatever X500Principal parses.
    private static bool IsDistinguishedName(string text)
    {
        if (text.Length == 0) return false;
        try
        {
            _ = new System.Security.Cryptography.X509Certificates.X500DistinguishedName(text);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
