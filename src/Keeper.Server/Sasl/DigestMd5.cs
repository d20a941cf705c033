using System.Security.Cryptography;
using System.Text;

namespace Keeper.Server.Sasl;

/// <summary>
/// The computations of RFC 2831 (DIGEST-MD5) for qop=auth: the client's <c>response</c> directive and the
/// server's <c>rspauth</c>, both as 32 lower-case hex digits. MD5 here is the protocol's, not a choice.
/// </summary>
internal static class DigestMd5
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>What the client must send as <c>response</c> (A2 starts with "AUTHENTICATE:").</summary>
    public static string ClientResponse(DigestCredentials c) => ResponseValue(c, "AUTHENTICATE:" + c.DigestUri);

    /// <summary>What the server proves with <c>rspauth</c> (A2 without the method).</summary>
    public static string ServerResponse(DigestCredentials c) => ResponseValue(c, ":" + c.DigestUri);

    private static string ResponseValue(DigestCredentials c, string a2)
    {
        // A1 = H(username:realm:password) ":" nonce ":" cnonce [":" authzid]; the first part is raw bytes, not hex.
        byte[] secret = MD5.HashData(Concat(Bytes(c.Username), ":"u8.ToArray(), Bytes(c.Realm), ":"u8.ToArray(), Bytes(c.Password)));
        string tail = ":" + c.Nonce + ":" + c.Cnonce + (c.Authzid is { } z ? ":" + z : "");
        byte[] a1 = Concat(secret, Encoding.UTF8.GetBytes(tail));
        string kd = Hex(MD5.HashData(a1)) + ":" + c.Nonce + ":" + c.NonceCount + ":" + c.Cnonce + ":" + c.Qop + ":"
            + Hex(MD5.HashData(Encoding.UTF8.GetBytes(a2)));
        return Hex(MD5.HashData(Encoding.UTF8.GetBytes(kd)));
    }

    /// <summary>
    /// RFC 2831 2.1.2.1: with charset=utf-8 each of username, realm and password is hashed as ISO 8859-1 when all its
    /// characters fit, and as UTF-8 otherwise (Java's SASL does the same, string by string).
    /// </summary>
    internal static byte[] Bytes(string s)
    {
        foreach (char ch in s)
            if (ch > 0xff) return Encoding.UTF8.GetBytes(s);
        return Latin1.GetBytes(s);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, at);
            at += part.Length;
        }
        return result;
    }
}

/// <summary>The inputs of a DIGEST-MD5 response, as the client sent them plus the password the server knows.</summary>
internal sealed record DigestCredentials(
    string Username, string Realm, string Password, string Nonce, string Cnonce, string NonceCount,
    string Qop, string DigestUri, string? Authzid);
