using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keeper.Launch;

/// <summary>
/// <c>keeper ready [PORT] [--timeout=SECONDS]</c>: the tutorial's <c>zookeeper-ready</c> probe
/// (<c>echo ruok | nc 127.0.0.1 $1</c>, then <c>[ "$OK" == "imok" ]</c>) without nc. Exit 0 only when the server on
/// 127.0.0.1:PORT answers <c>imok</c> within the timeout (default 5 s, the probe's timeoutSeconds; also
/// KEEPER_READY_TIMEOUT). PORT defaults to ZK_CLIENT_PORT, else 2181.
/// <c>--command=WORD</c> sends another four-letter word and prints the reply (used by zkServer.sh status).
/// </summary>
internal static class ReadyCommand
{
    private const string Usage = "usage: keeper ready [PORT] [--timeout=SECONDS] [--command=WORD]\n";

    public static async Task<int> RunAsync(string[] args)
    {
        int port = int.TryParse(Environment.GetEnvironmentVariable("ZK_CLIENT_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var envPort)
            ? envPort
            : 2181;
        double timeout = 5;
        if (Environment.GetEnvironmentVariable("KEEPER_READY_TIMEOUT") is { Length: > 0 } t
            && (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out timeout) || timeout <= 0))
        {
            Console.Error.WriteLine($"ready: invalid KEEPER_READY_TIMEOUT '{t}'");
            return 2;
        }

        string? command = null;
        bool portSeen = false;
        foreach (var arg in args)
        {
            if (arg is "-h" or "--help")
            {
                Console.Out.Write(Usage);
                return 0;
            }

            if (arg.StartsWith("--timeout=", StringComparison.Ordinal))
            {
                if (!double.TryParse(arg["--timeout=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out timeout) || timeout <= 0)
                {
                    Console.Error.WriteLine($"ready: invalid timeout '{arg}'");
                    return 2;
                }
            }
            else if (arg.StartsWith("--command=", StringComparison.Ordinal) && arg.Length == "--command=".Length + 4)
            {
                command = arg["--command=".Length..];
            }
            else if (!portSeen && int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536)
            {
                portSeen = true;
            }
            else
            {
                Console.Error.WriteLine($"ready: unexpected argument '{arg}'");
                Console.Error.Write(Usage);
                return 2;
            }
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeout));
        string reply;
        try
        {
            reply = await AskAsync(port, command ?? "ruok", cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"ready: no answer from 127.0.0.1:{port} within {timeout.ToString(CultureInfo.InvariantCulture)} s");
            return 1;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Console.Error.WriteLine($"ready: 127.0.0.1:{port}: {e.Message}");
            return 1;
        }

        if (command is not null)
        {
            Console.Out.Write(reply);
            return reply.Length > 0 ? 0 : 1;
        }

        if (reply.TrimEnd('\n', '\r') == "imok")
        {
            return 0;
        }

        var shown = reply.Length > 64 ? reply[..64] + "..." : reply;
        Console.Error.WriteLine($"ready: 127.0.0.1:{port} answered '{shown.ReplaceLineEndings("\\n")}', not imok");
        return 1;
    }

    /// <summary>Sends the word and reads until the server closes the connection (as nc does), or 64 KiB.</summary>
    private static async Task<string> AskAsync(int port, string word, CancellationToken token)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes(word), SocketFlags.None, token).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
