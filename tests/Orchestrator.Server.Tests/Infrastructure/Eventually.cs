using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>Polls until a condition holds, for what the loops do in the background.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns the first value of <paramref name="probe"/> that satisfies <paramref name="condition"/>, or fails naming the last one.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Expected {what} within {limit.TotalSeconds:0} s; last observed: {Describe(value)}");
            }

            await Task.Delay(Interval);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string and not JsonNode => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        // Objects are named rather than dumped: the name says which one was still there.
        JsonObject { } item when item["metadata"]?["name"] is { } name => name.ToString(),
        _ => value?.ToString() ?? "null",
    };
}
