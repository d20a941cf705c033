using System.Net;
using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

/// <summary>Small builders for the values that appear in <see cref="ApacheSamples"/>.</summary>
internal static class SampleValues
{
    /// <summary>The version line of the Debian 3.8.0 build the samples came from.</summary>
    public const string ApacheVersion = "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC";

    public static IPEndPoint Endpoint(string text) => IPEndPoint.Parse(text);

    /// <summary>A UTC time on the day the samples were captured.</summary>
    public static DateTimeOffset At(int hour, int minute, int second) => new(2026, 11, 24, hour, minute, second, TimeSpan.Zero);

    /// <summary>A connection running a four-letter word: no session, one packet received.</summary>
    public static ConnectionInfo FourLetterConnection(string endpoint) => new(Endpoint(endpoint)) { PacketsReceived = 1 };

    /// <summary>Latency stats with the given count/total and min/max.</summary>
    public static LatencyStats Latency(long count, long total, long min, long max) => new(count, total, min, max);
}
