using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keeper.TestSupport;

/// <summary>Sends ZooKeeper four-letter words ("ruok", "srvr", ...) to 127.0.0.1.</summary>
public static class FourLetterWords
{
    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/>, sends the word, and returns everything the
    /// server writes until it closes the connection (a reset after output counts as a close).
    /// Throws <see cref="TimeoutException"/> when the server does not close within
    /// <paramref name="timeout"/>, and <see cref="SocketException"/> when nothing listens.
    /// </summary>
    public static Task<string> SendAsync(int port, string word, TimeSpan timeout) => SendAsync(IPAddress.Loopback, port, word, timeout);

    /// <summary>The same, to another loopback address (ensemble members listen on 127.0.0.2..6).</summary>
    public static async Task<string> SendAsync(IPAddress host, int port, string word, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var output = new MemoryStream();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(host, port), cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(word), SocketFlags.None, cts.Token);
            var buffer = new byte[8192];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                output.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"'{word}' to {host}:{port} was not answered and closed within {timeout}; got so far: "
                + Encoding.UTF8.GetString(output.ToArray()));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The server closed with unread input or aborted; what arrived before is the answer.
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Same as <see cref="SendAsync(int, string, TimeSpan)"/> with a 10 second bound.</summary>
    public static Task<string> SendAsync(int port, string word) => SendAsync(port, word, TimeSpan.FromSeconds(10));
}
