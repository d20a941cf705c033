using System.Net;
using System.Net.Sockets;
using Keeper.Server.Tls;

namespace Keeper.Server.Network;

/// <summary>One address the server takes clients on, and what it speaks there.</summary>
internal sealed record ClientPort(IPEndPoint EndPoint, ClientPortSecurity Security);

/// <summary>A bound, listening client port.</summary>
internal sealed class ClientPortListener
{
    public ClientPortListener(ClientPort port)
    {
        Port = port;
        var endpoint = port.EndPoint;
        Socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            Socket.DualMode = true;
        Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            Socket.Bind(endpoint);
            Socket.Listen(512);
        }
        catch
        {
            Socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)Socket.LocalEndPoint!;
    }

    public ClientPort Port { get; }

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Closed for good (shutdown, or the port moved): its accept loop ends; connections it accepted go on.</summary>
    public bool IsClosed { get; private set; }

    public void Close()
    {
        IsClosed = true;
        Socket.Close();
    }
}
