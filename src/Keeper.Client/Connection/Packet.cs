using Keeper.Client.Events;
using Keeper.Client.Watches;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client.Connection;

/// <summary>How the sender treats a packet: which xid it gets and where its reply is matched.</summary>
internal enum PacketRoute
{
    /// <summary>A fresh xid from 1 up; the reply must match the head of the pending FIFO.</summary>
    Normal,
    /// <summary>xid -2; the reply is ignored beyond proving the connection is alive.</summary>
    Ping,
    /// <summary>xid -4; replies come out of band and are matched FIFO among auth packets only.</summary>
    Auth,
}

/// <summary>
/// One request on its way: what to send, the watch it sets or removes, and how its reply completes the
/// caller. <see cref="Rc"/> is what the wire (or the loss of the connection) said; <see cref="Error"/>
/// is what the caller sees, which differs for exists (NoNode is a null Stat) and removeWatches.
/// </summary>
internal abstract class Packet(OpCode type, IJuteRecord? request, string? clientPath, PacketRoute route) : IDispatchItem
{
    public OpCode Type { get; } = type;
    public IJuteRecord? Request { get; } = request;
    public string? ClientPath { get; } = clientPath;
    public PacketRoute Route { get; } = route;
    public WatchRegistration? Watch { get; init; }
    public WatchDeregistration? Unwatch { get; init; }

    /// <summary>Set by the sender when the packet goes on the wire.</summary>
    public int Xid { get; set; }

    public ErrorCode Rc { get; private set; }
    public ErrorCode Error { get; set; }

    /// <summary>
    /// Runs on the receive loop with <paramref name="body"/> positioned after the ReplyHeader;
    /// <paramref name="rawBody"/> is the same bytes undecoded.
    /// </summary>
    public void OnReply(in ReplyHeader header, ref JuteReader body, ReadOnlySpan<byte> rawBody)
    {
        Rc = header.Err;
        Error = header.Err;
        ReadBody(header, ref body, rawBody);
    }

    /// <summary>The connection went away (or never came) before a reply.</summary>
    public void OnLost(ErrorCode code)
    {
        Rc = code;
        Error = code;
    }

    protected abstract void ReadBody(in ReplyHeader header, ref JuteReader body, ReadOnlySpan<byte> rawBody);

    public abstract void Dispatch();
}

/// <summary>Decodes a successful reply body.</summary>
internal delegate T ReplyReader<T>(ref JuteReader reader);

/// <summary>A request whose caller awaits a decoded result of type T.</summary>
internal sealed class Packet<T>(OpCode type, IJuteRecord? request, string? clientPath, ReplyReader<T>? reader,
    PacketRoute route = PacketRoute.Normal) : Packet(type, request, clientPath, route)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    /// <summary>exists: NoNode is an answer (null Stat), not an error.</summary>
    public bool NoNodeIsDefault { get; init; }

    public Task<T> Task => _completion.Task;

    protected override void ReadBody(in ReplyHeader header, ref JuteReader body, ReadOnlySpan<byte> rawBody)
    {
        if (header.Err == ErrorCode.Ok)
        {
            if (reader is not null) _result = reader(ref body);
        }
        else if (header.Err == ErrorCode.NoNode && NoNodeIsDefault)
        {
            Error = ErrorCode.Ok;
        }
    }

    public override void Dispatch()
    {
        if (Error == ErrorCode.Ok) _completion.TrySetResult(_result);
        else _completion.TrySetException(new KeeperException(Error, ClientPath));
    }
}

/// <summary>SendRawAsync: any header, the body bytes as they came.</summary>
internal sealed class RawPacket(OpCode type, IJuteRecord? request) : Packet(type, request, null, PacketRoute.Normal)
{
    private readonly TaskCompletionSource<RawReply> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RawReply? _reply;

    public Task<RawReply> Task => _completion.Task;

    protected override void ReadBody(in ReplyHeader header, ref JuteReader body, ReadOnlySpan<byte> rawBody)
    {
        _reply = new RawReply(header, rawBody.ToArray());
        // The caller judges the header itself; only a lost connection is an exception.
        Error = ErrorCode.Ok;
    }

    public override void Dispatch()
    {
        if (_reply is not null) _completion.TrySetResult(_reply);
        else _completion.TrySetException(new KeeperException(Error == ErrorCode.Ok ? ErrorCode.ConnectionLoss : Error));
    }
}

/// <summary>Packets the client sends for itself (pings, re-sent auth, SetWatches): nobody awaits them.</summary>
internal sealed class InternalPacket(OpCode type, IJuteRecord? request, PacketRoute route) : Packet(type, request, null, route)
{
    protected override void ReadBody(in ReplyHeader header, ref JuteReader body, ReadOnlySpan<byte> rawBody) { }
    public override void Dispatch() { }
}

/// <summary>The unit result of requests whose reply has no body.</summary>
internal readonly struct NoReply;
