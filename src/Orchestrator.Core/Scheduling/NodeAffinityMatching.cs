using System.Globalization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>Node selector terms matched against a node as Kubernetes does: terms ORed, requirements ANDed.</summary>
internal static class NodeAffinityMatching
{
    /// <summary>True when any term matches; a selector without terms matches no node.</summary>
    public static bool Matches(NodeSelector selector, Node node)
    {
        foreach (var term in selector.NodeSelectorTerms ?? [])
        {
            if (term is not null && Matches(term, node))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every label expression and field requirement holds; an empty term matches no node.</summary>
    public static bool Matches(NodeSelectorTerm term, Node node)
    {
        if (term.MatchExpressions is not { Count: > 0 } && term.MatchFields is not { Count: > 0 })
        {
            return false;
        }

        foreach (var requirement in term.MatchExpressions ?? [])
        {
            if (requirement is null || !Matches(requirement, node.Metadata.Labels))
            {
                return false;
            }
        }

        foreach (var requirement in term.MatchFields ?? [])
        {
            if (requirement is null || requirement.Key != "metadata.name" || !MatchesField(requirement, node.Metadata.Name))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(NodeSelectorRequirement requirement, Dictionary<string, string>? labels)
    {
        string? value = null;
        var has = requirement.Key is not null && labels is not null && labels.TryGetValue(requirement.Key, out value);
        return requirement.Operator switch
        {
            "In" => has && Contains(requirement.Values, value),
            "NotIn" => !has || !Contains(requirement.Values, value),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && Compare(value, requirement.Values) is > 0,
            "Lt" => has && Compare(value, requirement.Values) is < 0,
            _ => false,
        };
    }

    private static bool MatchesField(NodeSelectorRequirement requirement, string? name) => requirement.Operator switch
    {
        "In" => Contains(requirement.Values, name),
        "NotIn" => !Contains(requirement.Values, name),
        _ => false,
    };

    private static bool Contains(List<string>? values, string? value)
    {
        foreach (var candidate in values ?? [])
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The label as an integer compared with the single value; null when either is not an integer.</summary>
    private static int? Compare(string? label, List<string>? values) =>
        values is [var bound] &&
        long.TryParse(label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) &&
        long.TryParse(bound, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expected)
            ? actual.CompareTo(expected)
            : null;
}
