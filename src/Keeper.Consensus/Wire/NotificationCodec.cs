using System.Buffers.Binary;
using Keeper.Consensus.Election;
using Keeper.Protocol.Jute;

namespace Keeper.Consensus.Wire;

/// <summary>Why <see cref="NotificationCodec.TryDecode"/> refused a message. Apache logs and drops all of them.</summary>
internal enum NotificationRejection
{
    None,

    /// <summary>Under 28 bytes: no generation of the protocol sends that.</summary>
    TooShort,

    /// <summary>Longer than 28 but too short for the fields its length implies (e.g. 36..39, or 41..43 with version 2).</summary>
    Truncated,

    /// <summary>A version 2 config length that is negative or runs past the end of the message.</summary>
    BadConfigLength,

    /// <summary>
    /// A state ordinal outside 0..3. Apache checks this after answering non-voters, so a host that answers
    /// observers should still do that for this rejection.
    /// </summary>
    UnknownState,
}

/// <summary>
/// FastLeaderElection's notification on the election port (the payload of one <see cref="ElectionFrame"/>).
/// We always send version 2 (buildMsg): state:int, leader:long, zxid:long, electionEpoch:long, peerEpoch:long,
/// version:int = 2, configLength:int, config bytes: 44 + configLength bytes. The receiver goes by length:
/// exactly 28 bytes is the pre-ZOOKEEPER-107 form (peerEpoch taken from the zxid), exactly 40 is peerEpoch
/// without a version read (Apache records version 0 even though 3.4 wrote 1 there), anything else reads the
/// version and, if it is above 1, the config.
/// </summary>
internal static class NotificationCodec
{
    public const int MinLength = 28;
    public const int NoVersionLength = 40;
    public const int HeaderLength = 44;

    public static int EncodedLength(Notification notification) => HeaderLength + (notification.Config?.Length ?? 0);

    /// <summary>
    /// Appends the version 2 form. <see cref="Notification.Version"/> is what a peer sent and is not written:
    /// like Apache we only ever send the current version. A null config is sent as an empty one.
    /// </summary>
    public static void Write(JuteWriter writer, Notification notification)
    {
        writer.WriteInt((int)notification.State);
        writer.WriteLong(notification.Leader);
        writer.WriteLong(notification.Zxid);
        writer.WriteLong(notification.ElectionEpoch);
        writer.WriteLong(notification.PeerEpoch);
        writer.WriteInt(Notification.CurrentVersion);
        writer.WriteBuffer(notification.Config ?? []);
    }

    public static byte[] Encode(Notification notification)
    {
        using var writer = new JuteWriter(EncodedLength(notification));
        Write(writer, notification);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes one message as FastLeaderElection's receiver does, without throwing. The config bytes are
    /// copied out (the message buffer is the host's). Trailing bytes after the config are ignored, as Apache
    /// ignores them.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, out Notification? notification, out NotificationRejection rejection)
    {
        notification = null;
        rejection = NotificationRejection.None;
        int length = message.Length;
        if (length < MinLength)
        {
            rejection = NotificationRejection.TooShort;
            return false;
        }

        int rawState = BinaryPrimitives.ReadInt32BigEndian(message);
        long leader = BinaryPrimitives.ReadInt64BigEndian(message[4..]);
        long zxid = BinaryPrimitives.ReadInt64BigEndian(message[12..]);
        long electionEpoch = BinaryPrimitives.ReadInt64BigEndian(message[20..]);
        long peerEpoch;
        int version = 0;
        byte[]? config = null;

        if (length == MinLength)
        {
            peerEpoch = Zxid.EpochOf(zxid);
        }
        else
        {
            if (length < 36)
            {
                rejection = NotificationRejection.Truncated;
                return false;
            }
            peerEpoch = BinaryPrimitives.ReadInt64BigEndian(message[28..]);
            if (length != NoVersionLength)
            {
                if (length < NoVersionLength)
                {
                    rejection = NotificationRejection.Truncated;
                    return false;
                }
                version = BinaryPrimitives.ReadInt32BigEndian(message[36..]);
            }
        }

        if (version > 1)
        {
            if (length < HeaderLength)
            {
                rejection = NotificationRejection.Truncated;
                return false;
            }
            int configLength = BinaryPrimitives.ReadInt32BigEndian(message[40..]);
            if (configLength < 0 || configLength > length - HeaderLength)
            {
                rejection = NotificationRejection.BadConfigLength;
                return false;
            }
            config = message.Slice(HeaderLength, configLength).ToArray();
        }

        // Checked last, like Apache: a malformed message is a malformed message whatever its state says.
        if (rawState is < (int)ServerState.Looking or > (int)ServerState.Observing)
        {
            rejection = NotificationRejection.UnknownState;
            return false;
        }

        notification = new Notification((ServerState)rawState, leader, zxid, electionEpoch, peerEpoch, version, config);
        return true;
    }

    /// <summary>Like <see cref="TryDecode"/>, throwing <see cref="WireFormatException"/> with the reason.</summary>
    public static Notification Decode(ReadOnlySpan<byte> message)
    {
        if (!TryDecode(message, out var notification, out var rejection))
            throw new WireFormatException($"notification rejected ({rejection}), {message.Length} bytes");
        return notification!;
    }
}
