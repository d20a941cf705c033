using Keeper.Protocol.Jute;

namespace Keeper.Protocol.Tests.Support;

internal delegate T ReaderFunc<out T>(ref JuteReader reader);

/// <summary>Encode and decode helpers so tests read as "these bytes" ⇄ "this value".</summary>
internal static class Wire
{
    public static byte[] Encode(IJuteRecord record)
    {
        using var w = new JuteWriter();
        record.Write(w);
        return w.ToArray();
    }

    public static byte[] Encode(params IJuteRecord[] records)
    {
        using var w = new JuteWriter();
        foreach (var r in records) r.Write(w);
        return w.ToArray();
    }

    public static byte[] Encode(Action<JuteWriter> write)
    {
        using var w = new JuteWriter();
        write(w);
        return w.ToArray();
    }

    /// <summary>Writes the records as one frame: a 4-byte big-endian length, then the payload.</summary>
    public static byte[] Frame(params IJuteRecord[] records)
    {
        using var w = new JuteWriter();
        int start = w.BeginFrame();
        foreach (var r in records) r.Write(w);
        w.EndFrame(start);
        return w.ToArray();
    }

    public static string EncodeHex(params IJuteRecord[] records) => Hex.Of(Encode(records));

    /// <summary>Reads a T and requires the input to be consumed exactly.</summary>
    public static T Decode<T>(byte[] bytes) where T : IJuteRecord<T>
    {
        var r = new JuteReader(bytes);
        var value = T.Read(ref r);
        Assert.True(r.AtEnd, $"{typeof(T).Name} left {r.Remaining} of {bytes.Length} bytes unread");
        return value;
    }

    public static T Decode<T>(string hex) where T : IJuteRecord<T> => Decode<T>(Hex.Parse(hex));

    public static T Read<T>(byte[] bytes, ReaderFunc<T> read)
    {
        var r = new JuteReader(bytes);
        return read(ref r);
    }

    public static T Read<T>(string hex, ReaderFunc<T> read) => Read(Hex.Parse(hex), read);

    /// <summary>Asserts that reading the bytes throws JuteException (and nothing else).</summary>
    public static JuteException Rejects<T>(byte[] bytes, ReaderFunc<T> read, int maxLength = JuteReader.DefaultMaxBuffer) =>
        Assert.Throws<JuteException>(() =>
        {
            var r = new JuteReader(bytes, maxLength);
            read(ref r);
        });

    public static JuteException Rejects<T>(string hex, ReaderFunc<T> read) => Rejects(Hex.Parse(hex), read);

    public static JuteException Rejects<T>(byte[] bytes) where T : IJuteRecord<T> =>
        Rejects(bytes, (ref JuteReader r) => T.Read(ref r));

    public static JuteException Rejects<T>(string hex) where T : IJuteRecord<T> => Rejects<T>(Hex.Parse(hex));
}
