using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Protocol.Tests.Support;

namespace Keeper.Protocol.Tests;

/// <summary>
/// Random input fed to every reader: only JuteException may escape. Fixed seeds and bounded iteration
/// counts keep the runs reproducible; a failure message carries the offending hex. The three kinds of
/// input are separate classes so xunit runs them in parallel.
/// </summary>
internal static class Fuzz
{
    public const int Iterations = 20_000;

    /// <summary>One reader per record type, plus the txn-body dispatcher for every opcode (and a few others).</summary>
    private static readonly IReadOnlyList<(string Name, Func<byte[], object?> Read)> Readers = BuildReaders();

    private static List<(string, Func<byte[], object?>)> BuildReaders()
    {
        var readers = new List<(string, Func<byte[], object?>)>();
        foreach (var s in RecordSamples.All.DistinctBy(s => s.Name == "CreateTTLRequest" ? "ttl" : s.RecordType.Name))
            readers.Add((s.Name, bytes => s.Decode(bytes).Value));
        foreach (var type in Enum.GetValues<OpCode>().Append((OpCode)999))
            readers.Add(($"TxnRecords.ReadBody({type})", bytes =>
            {
                var r = new JuteReader(bytes);
                return TxnRecords.ReadBody(type, ref r);
            }));
        readers.Add(("ReadStringVector", bytes => { var r = new JuteReader(bytes); return r.ReadStringVector(); }));
        readers.Add(("Acls.ReadList", bytes => { var r = new JuteReader(bytes); return Acls.ReadList(ref r); }));
        return readers;
    }

    public static void FeedToEveryReader(byte[] input)
    {
        foreach (var (name, read) in Readers)
        {
            try
            {
                read(input);
            }
            catch (JuteException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} threw {e.GetType().Name} ({e.Message}) on input {Hex.Of(input)}");
            }
        }
    }
}

public class RandomBytesFuzzTests
{
    [Fact]
    public void Random_bytes_make_every_reader_throw_only_JuteException()
    {
        var random = new Random(20240611);
        for (int i = 0; i < Fuzz.Iterations; i++)
        {
            var input = new byte[random.Next(0, 80)];
            random.NextBytes(input);
            Fuzz.FeedToEveryReader(input);
        }
    }

}

public class PlausibleIntsFuzzTests
{
    [Fact]
    public void Plausible_lengths_and_opcodes_make_every_reader_throw_only_JuteException()
    {
        // Inputs built from plausible 4-byte values (-1, 0, small lengths, opcodes) get much deeper
        // into the readers than uniformly random bytes, whose first length is almost always absurd.
        int[] plausible = [-1, 0, 1, 2, 3, 4, 5, 8, 9, 13, 14, 15, 16, 19, 21, 22, -2, -10, -11, 0x2f61, int.MaxValue, int.MinValue];
        var random = new Random(7);
        for (int i = 0; i < Fuzz.Iterations; i++)
        {
            using var w = new JuteWriter();
            int words = random.Next(0, 24);
            for (int k = 0; k < words; k++)
            {
                switch (random.Next(4))
                {
                    case 0: w.WriteInt(plausible[random.Next(plausible.Length)]); break;
                    case 1: w.WriteByte((byte)random.Next(2)); break;
                    case 2: w.WriteInt(random.Next(-3, 40)); break;
                    default: w.WriteByte((byte)random.Next(256)); break;
                }
            }
            Fuzz.FeedToEveryReader(w.ToArray());
        }
    }

}

public class MutatedRecordFuzzTests
{
    [Fact]
    public void Mutated_valid_records_make_every_reader_throw_only_JuteException()
    {
        var valid = RecordSamples.All.Select(s => Wire.Encode(s.Value)).ToArray();
        var random = new Random(42);
        for (int i = 0; i < Fuzz.Iterations; i++)
        {
            var input = (byte[])valid[random.Next(valid.Length)].Clone();
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && input.Length > 0; m++)
            {
                switch (random.Next(3))
                {
                    case 0: input[random.Next(input.Length)] = (byte)random.Next(256); break;
                    case 1: input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8)); break;
                    default: input = input[..random.Next(input.Length)]; break;
                }
            }
            Fuzz.FeedToEveryReader(input);
        }
    }
}
