using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Keeper.Server.Tls;

/// <summary>
/// A subject DN exactly as Java's <c>X500Principal.getName()</c> prints it (RFC 2253): the RDNs last-first, joined by
/// commas without spaces; only RFC 2253's keywords (CN, C, L, ST, O, OU, STREET, DC, UID) are used, any other
/// attribute is its dotted OID with the value as <c>#</c> and the DER in hex. ZooKeeper's x509 ids are this string,
/// so ACLs written for an Apache server match here.
/// </summary>
internal static class JavaDistinguishedName
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    public static string Of(X500DistinguishedName name)
    {
        // DER order is most significant first; RFC 2253 prints the last RDN first.
        var rdns = new List<string>();
        var reader = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var set = reader.ReadSetOf();
            var attributes = new List<string>();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var value = attribute.ReadEncodedValue();
                attributes.Add(Attribute(oid, value));
            }

            rdns.Add(string.Join('+', attributes));
        }

        rdns.Reverse();
        return string.Join(',', rdns);
    }

    private static string Attribute(string oid, ReadOnlyMemory<byte> value)
    {
        if (Keywords.TryGetValue(oid, out var keyword) && TryReadString(value, out var text))
            return keyword + "=" + Escape(text);
        return oid + "=#" + Convert.ToHexStringLower(value.Span);
    }

    private static bool TryReadString(ReadOnlyMemory<byte> value, out string text)
    {
        text = "";
        try
        {
            var reader = new AsnReader(value, AsnEncodingRules.BER);
            var tag = reader.PeekTag();
            if (tag.TagClass != TagClass.Universal) return false;
            var type = (UniversalTagNumber)tag.TagValue;
            if (type is not (UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString
                or UniversalTagNumber.VisibleString)) return false;
            text = reader.ReadCharacterString(type);
            return true;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            return false;
        }
    }

    // RFC 2253 section 2.4, as Java applies it: the specials anywhere, '#' first and spaces at either end.
    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char ch = value[i];
            bool escape = ch is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && (ch == '#' || ch == ' '))
                || (i == value.Length - 1 && ch == ' ');
            if (escape) sb.Append('\\');
            sb.Append(ch);
        }

        return sb.ToString();
    }
}
