namespace Orchestrator.EndToEnd.Tests;

/// <summary>What a <see cref="LoadGenerator"/> saw: requests sent, failed, over how long, the first failures and the pages that answered.</summary>
internal sealed record LoadTotals(long Requests, long Failed, TimeSpan Elapsed, IReadOnlyList<string> FirstFailures, IReadOnlyDictionary<string, int> Pages)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Requests} requests in {Elapsed.TotalSeconds:F1} s ({RequestsPerSecond:F0}/s), {Failed} failed; answered by: " +
        string.Join(", ", Pages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ×{p.Value}"));
}
