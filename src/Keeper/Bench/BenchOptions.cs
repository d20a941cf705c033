using System.Globalization;

namespace Keeper.Bench;

/// <summary>What `keeper bench` was asked to do. Every knob is bounded so a typo cannot hang or exhaust the machine.</summary>
internal sealed class BenchOptions
{
    public string Connect { get; private set; } = "127.0.0.1:2181";
    public int Sessions { get; private set; } = 1;
    public int Outstanding { get; private set; } = 1;
    public int Payload { get; private set; } = 100;
    public OpMix Mix { get; private set; } = OpMix.Parse("get:100");
    public double DurationSeconds { get; private set; } = 10;

    /// <summary>Measured ops to complete instead of a duration (0: use the duration).</summary>
    public long Count { get; private set; }

    public double WarmupSeconds { get; private set; } = 1;

    /// <summary>Open loop: total intended ops/s over all sessions; 0 is closed loop.</summary>
    public double Rate { get; private set; }

    public string Root { get; private set; } = "/bench";
    public int SetupNodes { get; private set; } = 1000;

    /// <summary>Creates per multi in the setup phase; 1 sends plain creates (pipelined).</summary>
    public int SetupBatch { get; private set; } = 1;

    public int Children { get; private set; }
    public bool SetupOnly { get; private set; }
    public bool Fanout { get; private set; }
    public int FanoutRounds { get; private set; } = 3;
    public string? JsonFile { get; private set; }

    /// <summary>--probe get|set: time to the first success instead of a load (see <see cref="Probe"/>).</summary>
    public string? ProbeOp { get; private set; }
    public string? ProbePath { get; private set; }
    public long ProbeSinceUnixMs { get; private set; }

    /// <summary>Hard ceiling on the whole run (connects, setup, load, drain), so a stuck server cannot hang a script.</summary>
    public double MaxSeconds { get; private set; } = 600;

    public int SessionTimeoutMs { get; private set; } = 30_000;
    public bool Quiet { get; private set; }

    public const string Usage = """
        usage: keeper bench [options]      load generator on Keeper's async client (pipelined)
          --connect H:P[,H:P]   servers (127.0.0.1:2181)
          --sessions N          client sessions (1)            --outstanding N   requests in flight per session (1)
          --payload BYTES       data size for create/set and setup nodes (100)
          --mix OP:W,...        weights of create,set,get,exists,children,delete,multi (get:100)
          --duration S | --count N   measured seconds (10) or measured ops
          --warmup S            unmeasured seconds first (1)
          --rate N              open loop: N ops/s in total, latency from the intended send time (default: closed loop)
          --root PATH           bench root (/bench); --setup-nodes N data nodes under it (1000), --setup-batch K creates per multi (1)
          --children N          children of ROOT/c, the getChildren target (0)
          --setup-only          create the tree, report the setup time, no load
          --fanout              watch fan-out: every session watches one node, one set, time until all events arrive
          --fanout-rounds N     rounds of that (3)
          --probe get|set PATH  time to the first successful read/write (fresh session per try, 10 ms apart): restart, failover
          --since UNIX_MS       ... measured from this moment (default: the probe's start)
          --json FILE           also write the report as JSON
          --max-seconds S       hard limit for the whole run (600)   --session-timeout MS (30000)   --quiet

        """;

    /// <summary>Parses the arguments; null (after printing why) if they are wrong.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter err)
    {
        var o = new BenchOptions();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--connect": o.Connect = Next(); break;
                    case "--sessions": o.Sessions = Int(Next(), 1, 100_000); break;
                    case "--outstanding": o.Outstanding = Int(Next(), 1, 10_000); break;
                    case "--payload": o.Payload = Int(Next(), 0, 1_000_000); break;
                    case "--mix": o.Mix = OpMix.Parse(Next()); break;
                    case "--duration": o.DurationSeconds = Dbl(Next(), 0.01, 86_400); break;
                    case "--count": o.Count = Int(Next(), 1, int.MaxValue); break;
                    case "--warmup": o.WarmupSeconds = Dbl(Next(), 0, 3600); break;
                    case "--rate": o.Rate = Dbl(Next(), 0.001, 10_000_000); break;
                    case "--root": o.Root = RootPath(Next()); break;
                    case "--setup-nodes": o.SetupNodes = Int(Next(), 0, 100_000_000); break;
                    case "--setup-batch": o.SetupBatch = Int(Next(), 1, 10_000); break;
                    case "--children": o.Children = Int(Next(), 0, 1_000_000); break;
                    case "--setup-only": o.SetupOnly = true; break;
                    case "--fanout": o.Fanout = true; break;
                    case "--fanout-rounds": o.FanoutRounds = Int(Next(), 1, 1000); break;
                    case "--json": o.JsonFile = Next(); break;
                    case "--probe":
                        o.ProbeOp = Next() is "get" or "set" ? args[i] : throw new FormatException("--probe takes get or set, then a path");
                        o.ProbePath = RootPath(Next());
                        break;
                    case "--since": o.ProbeSinceUnixMs = Int64(Next()); break;
                    case "--max-seconds": o.MaxSeconds = Dbl(Next(), 1, 86_400); break;
                    case "--session-timeout": o.SessionTimeoutMs = Int(Next(), 100, 3_600_000); break;
                    case "--quiet": o.Quiet = true; break;
                    case "-h" or "--help": Console.Out.Write(Usage); return null;
                    default: throw new FormatException($"unknown option {args[i]}");
                }
            }
            if (o.Fanout || o.SetupOnly || o.ProbeOp is not null) return o; // no load mix to feed
            if (o.Mix.Needs(BenchOp.Children) && o.Children == 0)
                throw new FormatException("--mix has children: give --children N (> 0) for the getChildren target");
            if (o.Mix.NeedsDataNodes && o.SetupNodes == 0)
                throw new FormatException("--mix has set/get/exists/multi: they need --setup-nodes N (> 0)");
            return o;
        }
        catch (FormatException e)
        {
            err.WriteLine("keeper bench: " + e.Message);
            err.Write(Usage);
            return null;
        }
    }

    private static int Int(string s, int min, int max) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new FormatException($"'{s}' is not an integer in [{min}, {max}]");

    private static long Int64(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new FormatException($"'{s}' is not a positive integer");

    private static double Dbl(string s, double min, double max) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new FormatException($"'{s}' is not a number in [{min}, {max}]");

    private static string RootPath(string s) =>
        s.StartsWith('/') && s.Length > 1 && !s.EndsWith('/') ? s : throw new FormatException($"--root '{s}' must be an absolute path, not /");
}
