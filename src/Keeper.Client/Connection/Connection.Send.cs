using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

internal sealed partial class Connection
{
    /// <summary>Frames are batched into one write up to this size when requests queue up faster than we send.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary>
    /// The only writer of the socket. It takes xids and appends to the pending FIFO in the same order
    /// as the bytes go out, and before they go out, so a reply can never beat its entry in the queue.
    /// </summary>
    private async Task SendLoopAsync(IReadOnlyList<Packet> priming)
    {
        var writer = new JuteWriter(4096);
        try
        {
            foreach (var packet in priming) Serialize(packet, writer);
            if (writer.Length > 0) await FlushAsync(writer).ConfigureAwait(false);

            var outgoing = _session.Outgoing;
            while (await outgoing.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (writer.Length < FlushThreshold && outgoing.TryRead(out var packet)) Serialize(packet, writer);
                if (writer.Length > 0) await FlushAsync(writer).ConfigureAwait(false);
            }
            // The outgoing queue is closed only when the session ends for good.
            Abort();
        }
        catch (Exception e)
        {
            Abort(e);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void Serialize(Packet packet, JuteWriter writer)
    {
        int xid;
        switch (packet.Route)
        {
            case PacketRoute.Ping:
                xid = Xids.Ping;
                break;
            case PacketRoute.Auth:
                xid = Xids.Auth;
                lock (_lock) _authPending.Enqueue(packet);
                break;
            default:
                xid = _session.NextXid();
                packet.Xid = xid;
                lock (_lock) _pending.Enqueue(packet);
                break;
        }
        int frame = writer.BeginFrame();
        new RequestHeader(xid, packet.Type).Write(writer);
        packet.Request?.Write(writer);
        writer.EndFrame(frame);
    }

    private async Task FlushAsync(JuteWriter writer)
    {
        await _stream.WriteAsync(writer.WrittenMemory, _stop.Token).ConfigureAwait(false);
        Volatile.Write(ref _lastSendTicks, Environment.TickCount64);
        writer.Reset();
    }
}
