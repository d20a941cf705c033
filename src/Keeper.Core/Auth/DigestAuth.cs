using System.Security.Cryptography;
using System.Text;

namespace Keeper.Core.Auth;

/// <summary>ZooKeeper's digest scheme: the id for "user:password" is "user:" + base64(sha1("user:password")).</summary>
public static class DigestAuth
{
    public static string Digest(string userAndPassword)
    {
        int colon = userAndPassword.IndexOf(':');
        string user = colon < 0 ? userAndPassword : userAndPassword[..colon];
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(userAndPassword));
        return user + ":" + Convert.ToBase64String(hash);
    }

    /// <summary>
    /// A digest ACL id must split into exactly two parts on ':' the way Java's String.split does
    /// (trailing empty parts dropped, so "bob:" is one part).
    /// </summary>
    public static bool IsValidId(string id)
    {
        var parts = id.Split(':');
        int count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0) count--;
        return count == 2;
    }
}
