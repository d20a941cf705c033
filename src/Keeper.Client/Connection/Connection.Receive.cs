using System.Buffers;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

internal sealed partial class Connection
{
    private const int ReplyHeaderSize = 16;

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty) Volatile.Write(ref _lastRecvTicks, Environment.TickCount64);
                while (FrameReader.TryRead(ref buffer, _maxPacketLength, out var frame)) ProcessFrame(frame);
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Abort(new IOException($"{Host} closed the connection"));
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Abort(e);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void ProcessFrame(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            Process(frame.FirstSpan);
            return;
        }
        int length = (int)frame.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(rented);
            Process(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Everything here runs in frame order on this one loop: watch tables change (registrations from
    /// replies, removals by events) in wire order, and the event queue receives deliveries and reply
    /// completions in wire order too.
    /// </summary>
    private void Process(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload, _maxPacketLength);
        var header = ReplyHeader.Read(ref reader);
        switch (header.Xid)
        {
            case Xids.Notification:
                _session.OnNotification(header, WatcherEvent.Read(ref reader));
                return;
            case Xids.Ping:
                return;
            case Xids.Auth:
            {
                Packet? auth;
                lock (_lock) _authPending.TryDequeue(out auth);
                _session.OnAuthReply(header, auth);
                return;
            }
        }

        Packet? packet;
        lock (_lock) _pending.TryDequeue(out packet);
        if (packet is null) throw new ProtocolException($"reply with xid {header.Xid} but nothing is pending");
        if (packet.Xid != header.Xid)
        {
            packet.OnLost(ErrorCode.ConnectionLoss);
            _session.Finish(packet);
            throw new ProtocolException($"xid out of order: got {header.Xid} (err {(int)header.Err}), expected {packet.Xid}");
        }
        if (header.Zxid > 0) _session.LastZxid = header.Zxid;
        try
        {
            packet.OnReply(header, ref reader, payload[ReplyHeaderSize..]);
        }
        catch (JuteException)
        {
            packet.OnLost(ErrorCode.ConnectionLoss);
            _session.Finish(packet);
            throw;
        }
        _session.Finish(packet);
    }
}
