using System.Security.Cryptography.X509Certificates;
using Keeper.Server.Tls;

namespace Keeper.Server.Tests.Tls;

/// <summary>Subject DNs as Java's X500Principal.getName() prints them (RFC 2253), which is what x509 ACL ids are.</summary>
public class JavaDistinguishedNameTests
{
    private static string Of(string dn) => JavaDistinguishedName.Of(new X500DistinguishedName(dn));

    [Fact]
    public void Rdns_come_last_first_joined_by_bare_commas()
    {
        // Apache 3.8 logged exactly this id for keytool's -dname "CN=client,OU=Test,O=Keeper,C=US".
        var name = new X500DistinguishedName("CN=client, OU=Test, O=Keeper, C=US");

        Assert.Equal("CN=client,OU=Test,O=Keeper,C=US", JavaDistinguishedName.Of(name));
    }

    [Fact]
    public void Specials_are_escaped_with_a_backslash()
    {
        // As Java 17 prints new X500Principal("CN=\"Smith, John\", O=\"A+B\"").getName().
        Assert.Equal("CN=Smith\\, John,O=A\\+B", Of("CN=\"Smith, John\", O=\"A+B\""));
    }

    [Fact]
    public void Attributes_without_an_rfc2253_keyword_print_as_oid_and_hex_der()
    {
        // Java 17 prints new X500Principal("EMAILADDRESS=a@b.c, CN=x").getName() as exactly this.
        Assert.Equal("1.2.840.113549.1.9.1=#16056140622e63,CN=x", Of("E=a@b.c, CN=x"));
    }
}
