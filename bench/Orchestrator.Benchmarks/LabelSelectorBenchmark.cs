using BenchmarkDotNet.Attributes;
using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Label selectors as the loops and the API use them: a compiled selector matched against the labels of
/// <see cref="PodCount"/> pods (operations are pods matched; 75 % match the matchLabels selector, 40 % the one with
/// expressions), and compiling a selector from its object form (<c>matchLabels</c> + <c>matchExpressions</c>, validated)
/// or from the <c>labelSelector</c> query string.
/// </summary>
[MemoryDiagnoser]
public class LabelSelectorBenchmark
{
    private const int PodCount = 1000;
    private const string Query = "app=web,tier=frontend,environment in (production,staging),track notin (canary),team";

    private static readonly string[] Environments = ["production", "staging", "development"];
    private static readonly string[] Tracks = ["stable", "stable", "canary"];

    private Dictionary<string, string>[] _podLabels = [];
    private LabelSelector _labelSelector = new();
    private Selector _matchLabelsOnly = Selector.Everything;
    private Selector _withExpressions = Selector.Everything;

    [GlobalSetup]
    public void Setup()
    {
        // Labels as a Deployment's pods carry them: app, tier, environment, track, team, pod-template-hash.
        _podLabels = [.. Enumerable.Range(0, PodCount).Select(i =>
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["app"] = i % 4 == 0 ? "api" : "web",
                ["tier"] = "frontend",
                ["environment"] = Environments[i % Environments.Length],
                ["track"] = Tracks[i % Tracks.Length],
                ["pod-template-hash"] = $"7d9f8b{i % 16:x}c5",
            };
            if (i % 5 != 0)
            {
                labels["team"] = "payments";
            }

            return labels;
        })];

        _labelSelector = new LabelSelector
        {
            MatchLabels = new() { ["app"] = "web", ["tier"] = "frontend" },
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "environment", Operator = "In", Values = ["production", "staging"] },
                new LabelSelectorRequirement { Key = "track", Operator = "NotIn", Values = ["canary"] },
                new LabelSelectorRequirement { Key = "team", Operator = "Exists" },
            ],
        };
        _matchLabelsOnly = Selector.FromLabelSelector(new LabelSelector { MatchLabels = new() { ["app"] = "web", ["tier"] = "frontend" } });
        _withExpressions = Selector.FromLabelSelector(_labelSelector);
    }

    /// <summary>A compiled <c>matchLabels</c> selector (two keys) against each pod's labels.</summary>
    [Benchmark(OperationsPerInvoke = PodCount)]
    public int MatchLabels() => CountMatches(_matchLabelsOnly);

    /// <summary>A compiled selector with <c>matchLabels</c> and In / NotIn / Exists expressions against each pod's labels.</summary>
    [Benchmark(OperationsPerInvoke = PodCount)]
    public int MatchLabelsAndExpressions() => CountMatches(_withExpressions);

    /// <summary>Compiling the object form (validation included), as a loop does for each ReplicaSet or Service selector.</summary>
    [Benchmark]
    public Selector CompileLabelSelector() => Selector.FromLabelSelector(_labelSelector);

    /// <summary>Parsing the <c>labelSelector</c> query string of a list request into the same selector.</summary>
    [Benchmark]
    public Selector ParseQueryString() => Selector.Parse(Query);

    private int CountMatches(Selector selector)
    {
        var matched = 0;
        foreach (var labels in _podLabels)
        {
            if (selector.Matches(labels))
            {
                matched++;
            }
        }

        return matched;
    }
}
