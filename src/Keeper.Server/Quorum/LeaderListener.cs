using System.Net;
using System.Net.Sockets;
using Keeper.Server.Logging;

namespace Keeper.Server.Quorum;

/// <summary>The quorum port while leading: accepts learner connections (ZooKeeper's LearnerCnxAcceptor).</summary>
internal sealed class LeaderListener : IDisposable
{
    private static readonly Logger Log = Logging.Log.For<LeaderListener>();

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();

    public LeaderListener(IPEndPoint endpoint, Action<Socket> accepted)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(64);
        Log.Info($"Leader listening for learners on {endpoint}");
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try { client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                accepted(client);
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
