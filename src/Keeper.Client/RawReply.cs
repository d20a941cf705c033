using Keeper.Protocol.Records;

namespace Keeper.Client;

/// <summary>What the server answered to a request sent with SendRawAsync: the header and the undecoded body.</summary>
public sealed record RawReply(ReplyHeader Header, byte[] Body);
