using System.Net;

namespace Keeper.Core.Auth;

/// <summary>ZooKeeper's ip scheme: an ACL id is an address or an address/prefix-bits range.</summary>
public static class IpAuth
{
    public static bool IsValidId(string id) => Parse(id) is not null;

    public static bool Matches(string clientAddress, string aclId)
    {
        var range = Parse(aclId);
        if (range is null || !IPAddress.TryParse(clientAddress, out var client)) return false;
        var (network, bits) = range.Value;
        var a = network.GetAddressBytes();
        var b = client.GetAddressBytes();
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length * 8 && i < bits; i++)
        {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) return false;
        }
        return true;
    }

    private static (IPAddress Network, int Bits)? Parse(string id)
    {
        string address = id;
        int bits = -1;
        int slash = id.IndexOf('/');
        if (slash >= 0)
        {
            address = id[..slash];
            if (!int.TryParse(id[(slash + 1)..], out bits) || bits < 0) return null;
        }
        if (!IPAddress.TryParse(address, out var ip)) return null;
        int max = ip.GetAddressBytes().Length * 8;
        if (bits < 0) bits = max;
        return bits > max ? null : (ip, bits);
    }
}
