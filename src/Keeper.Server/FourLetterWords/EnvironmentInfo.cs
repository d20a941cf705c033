using System.Net;
using System.Runtime.InteropServices;

namespace Keeper.Server.FourLetterWords;

/// <summary>
/// envi's keys, in ZooKeeper's order (<c>org.apache.zookeeper.Environment.list</c>). The keys keep their Java
/// names because scripts grep for them; the values describe this .NET process (runtime version and directory
/// where Java would give the JVM's).
/// </summary>
internal static class EnvironmentInfo
{
    private const string NotAvailable = "<NA>";
    private const long Megabyte = 1024 * 1024;

    public static IReadOnlyList<KeyValuePair<string, string>> Capture(string version)
    {
        var memory = GC.GetGCMemoryInfo();
        var committed = memory.TotalCommittedBytes;
        var used = GC.GetTotalMemory(false);
        return
        [
            new("zookeeper.version", version),
            new("host.name", CanonicalHostName()),
            new("java.version", System.Environment.Version.ToString()),
            new("java.vendor", RuntimeInformation.FrameworkDescription),
            new("java.home", RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/', '\\')),
            new("java.class.path", AppContext.BaseDirectory.TrimEnd('/', '\\')),
            new("java.library.path", Variable("LD_LIBRARY_PATH")),
            new("java.io.tmpdir", Path.GetTempPath().TrimEnd('/', '\\') is { Length: > 0 } tmp ? tmp : "/"),
            new("java.compiler", NotAvailable),
            new("os.name", OsName()),
            new("os.arch", JavaArch(RuntimeInformation.OSArchitecture)),
            new("os.version", OsVersion()),
            new("user.name", System.Environment.UserName),
            new("user.home", Variable("HOME")),
            new("user.dir", System.Environment.CurrentDirectory),
            new("os.memory.free", $"{Math.Max(0, committed - used) / Megabyte}MB"),
            new("os.memory.max", $"{memory.TotalAvailableMemoryBytes / Megabyte}MB"),
            new("os.memory.total", $"{committed / Megabyte}MB"),
        ];
    }

    private static string CanonicalHostName()
    {
        try
        {
            return Dns.GetHostEntry(Dns.GetHostName()).HostName;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            return NotAvailable;
        }
    }

    private static string Variable(string name) => System.Environment.GetEnvironmentVariable(name) ?? NotAvailable;

    private static string OsName() =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsMacOS() ? "Mac OS X"
        : OperatingSystem.IsWindows() ? "Windows"
        : RuntimeInformation.OSDescription;

    // Java reports the kernel release (uname -r), e.g. 5.14.0-362.18.1.el9_3.x86_64.
    private static string OsVersion()
    {
        try
        {
            const string release = "/proc/sys/kernel/osrelease";
            return File.Exists(release) ? File.ReadAllText(release).Trim() : System.Environment.OSVersion.Version.ToString();
        }
        catch (IOException)
        {
            return System.Environment.OSVersion.Version.ToString();
        }
    }

    // The JVM's os.arch spellings.
    private static string JavaArch(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
