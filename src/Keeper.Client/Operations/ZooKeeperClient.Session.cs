using Keeper.Client.Connection;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;

namespace Keeper.Client;

public sealed partial class ZooKeeperClient
{
    /// <summary>sync (9): returns once the server this client talks to has caught up with the leader.</summary>
    public async Task<string> SyncAsync(string path)
    {
        string synced = await SendAsync(new Packet<string>(OpCode.Sync, new PathRecord(ServerPath(path)), path,
            static (ref JuteReader r) => r.ReadPath())).ConfigureAwait(false);
        return ClientPath(synced);
    }

    /// <summary>
    /// getEphemerals (103): this session's ephemeral nodes whose path starts with the prefix. Unlike
    /// Java (which forgets), the prefix gets the chroot and the paths come back without it.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetEphemeralsAsync(string prefixPath = "/")
    {
        var paths = await SendAsync(new Packet<IReadOnlyList<string>>(OpCode.GetEphemerals, new PathRecord(ServerPath(prefixPath)),
            prefixPath, static (ref JuteReader r) => r.ReadStringVector() ?? [])).ConfigureAwait(false);
        if (Chroot is null) return paths;
        return [.. paths.Select(ClientPath)];
    }

    /// <summary>getAllChildrenNumber (104): how many descendants the node has, at any depth.</summary>
    public Task<int> GetAllChildrenNumberAsync(string path) =>
        SendAsync(new Packet<int>(OpCode.GetAllChildrenNumber, new PathRecord(ServerPath(path)), path,
            static (ref JuteReader r) => r.ReadInt()));

    /// <summary>whoAmI (107): the identities the server associates with this connection.</summary>
    public Task<IReadOnlyList<ClientInfo>> WhoAmIAsync() =>
        SendAsync(new Packet<IReadOnlyList<ClientInfo>>(OpCode.WhoAmI, null, null,
            static (ref JuteReader r) => WhoAmIResponse.Read(ref r).ClientInfo));

    /// <summary>
    /// addAuth (xid -4): adds an identity, e.g. ("digest", "user:password"u8). It is remembered and sent
    /// again after every reconnect. A refusal (AuthFailed) is final, as in Java: the server closes the
    /// connection, the client moves to AuthFailed and tells the watchers.
    /// </summary>
    public Task AddAuthAsync(string scheme, byte[] auth)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var packet = new AuthPacket(0, scheme, auth);
        _session.AddAuthInfo(packet);
        return SendAsync(new Packet<NoReply>(OpCode.Auth, packet, null, null, PacketRoute.Auth));
    }

    /// <summary>
    /// Test escape hatch: sends RequestHeader(next xid, type) + body as given (no chroot, no checks) and
    /// returns the reply header with the undecoded body, whatever its error.
    /// </summary>
    public Task<RawReply> SendRawAsync(OpCode type, IJuteRecord? body)
    {
        var packet = new RawPacket(type, body);
        _session.Submit(packet);
        return packet.Task;
    }
}
