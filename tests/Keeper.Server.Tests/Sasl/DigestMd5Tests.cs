using Keeper.Server.Sasl;

namespace Keeper.Server.Tests.Sasl;

/// <summary>The RFC 2831 computations against known vectors: the RFC's own example and exchanges made by Java's SASL.</summary>
public class DigestMd5Tests
{
    // RFC 2831 section 4, example 1 (IMAP): user chris, password secret.
    private static readonly DigestCredentials Rfc2831Example = new(
        Username: "chris", Realm: "elwood.innosoft.com", Password: "secret", Nonce: "OA6MG9tEQGm2hh",
        Cnonce: "OA6MHXh6VqTrRk", NonceCount: "00000001", Qop: "auth", DigestUri: "imap/elwood.innosoft.com", Authzid: null);

    [Fact]
    public void Client_response_matches_the_rfc_2831_example()
    {
        Assert.Equal("d388dad90d4bbd760a152321f2143af7", DigestMd5.ClientResponse(Rfc2831Example));
    }

    [Fact]
    public void Rspauth_matches_the_rfc_2831_example()
    {
        Assert.Equal("ea40f60335c427b5527b84dbabcdfffd", DigestMd5.ServerResponse(Rfc2831Example));
    }

    // Recorded from the JDK's DIGEST-MD5 client and server ("zookeeper", "zk-sasl-md5"), alice/secret.
    private static readonly DigestCredentials JavaExchange = new(
        Username: "alice", Realm: "zk-sasl-md5", Password: "secret", Nonce: "+NAM5UykLCAk/kaG5HTOd4FSftaqkv5Ubc1hhBFO",
        Cnonce: "28CNKs35UgTPKQGn1y124VrjPdi5eDJQ6mUDxMG4", NonceCount: "00000001", Qop: "auth",
        DigestUri: "zookeeper/zk-sasl-md5", Authzid: null);

    [Fact]
    public void Response_and_rspauth_match_the_jdks_for_a_zookeeper_login()
    {
        Assert.Equal("5e1b5615955291e38507d833ac9f4853", DigestMd5.ClientResponse(JavaExchange));
        Assert.Equal("3443af007021b96fc6e82ee4ae108065", DigestMd5.ServerResponse(JavaExchange));
    }

    [Fact]
    public void An_authzid_is_part_of_a1()
    {
        // The JDK client with authzid "bob" for user alice/secret answered this nonce with this response.
        var withAuthzid = new DigestCredentials("alice", "zk-sasl-md5", "secret", "6k4DaUcbDU/QAUC6mCZFCwCSvMq1o1mD31ju73kv",
            "PM7yx2Tijhz17b/jWnJs4v1fZe88xc5EwTm6WE+3", "00000001", "auth", "zookeeper/zk-sasl-md5", "bob");

        Assert.Equal("fd6788fb8fe48925666d92bcde8ea03e", DigestMd5.ClientResponse(withAuthzid));
        Assert.NotEqual(DigestMd5.ClientResponse(withAuthzid with { Authzid = null }), DigestMd5.ClientResponse(withAuthzid));
    }

    [Fact]
    public void Strings_are_hashed_as_latin1_when_they_fit_and_as_utf8_otherwise()
    {
        // The JDK client (charset=utf-8): user "jörg" fits ISO 8859-1, password "pässwörd€" does not (the euro sign).
        var mixed = new DigestCredentials("jörg", "zk-sasl-md5", "pässwörd€", "abc", "f7BaQGuyBrAuW4AtPVKaAFCds5e5mNI34tCBQwoV",
            "00000001", "auth", "zookeeper/zk-sasl-md5", null);
        var latin1 = mixed with { Password = "pässwörd", Cnonce = "GDunAJr8EJp9P8ad03D64+pu0rVFIRC7GR9g/5LP" };

        Assert.Equal("c6ea500204214a5cd8908c3ce9ab0fca", DigestMd5.ClientResponse(mixed));
        Assert.Equal("0a1cf62a922300631d9bfa95bb525361", DigestMd5.ClientResponse(latin1));
    }
}
