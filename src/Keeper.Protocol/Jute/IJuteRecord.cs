namespace Keeper.Protocol.Jute;

/// <summary>A jute record: fields written one after another in declaration order, no tags, no padding.</summary>
public interface IJuteRecord
{
    void Write(JuteWriter writer);
}

/// <summary>A jute record that can also be read back.</summary>
public interface IJuteRecord<TSelf> : IJuteRecord where TSelf : IJuteRecord<TSelf>
{
    static abstract TSelf Read(ref JuteReader reader);
}
