using System.Net;
using System.Net.Sockets;

namespace Keeper.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];
    private static readonly object Gate = new();

    /// <summary>
    /// A port the OS considers free right now, never the same one twice in this process.
    /// Another process may still take it before the server binds; the server starters retry
    /// with a new port when the bind fails.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free port found on 127.0.0.1");
    }
}
