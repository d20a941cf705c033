using System.Net;
using System.Net.Sockets;

namespace Keeper.TestSupport;

/// <summary>Whether something listens at an address: a TCP connect that succeeds within two seconds.</summary>
public static class PortProbe
{
    public static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
