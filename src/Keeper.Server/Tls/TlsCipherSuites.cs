using System.Net.Security;
using Keeper.Server.Config;

namespace Keeper.Server.Tls;

/// <summary><c>ssl.ciphersuites</c>: Java spells suites by their IANA names, which are .NET's <see cref="TlsCipherSuite"/> names.</summary>
internal static class TlsCipherSuites
{
    public static string Check(ConfigValue v, string name) =>
        Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out _) && !name.All(char.IsAsciiDigit)
            ? name
            : throw v.Fail($"'{name}' is not a TLS cipher suite name (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");

    /// <summary>The policy for the configured suites; null leaves the system's defaults.</summary>
    public static CipherSuitesPolicy? Policy(TlsSettings tls)
    {
        // Windows' SChannel takes no per-connection suite list; we run on Linux.
        if (tls.CipherSuites is not { } names || OperatingSystem.IsWindows()) return null;
        return new CipherSuitesPolicy(names.Select(Enum.Parse<TlsCipherSuite>));
    }
}
