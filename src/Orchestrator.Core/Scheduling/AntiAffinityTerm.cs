using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// A required pod anti-affinity term on <c>kubernetes.io/hostname</c>, compiled once per pass: the pods it matches
/// (by label selector, in the listed namespaces or the owner's) may not share a node with its owner.
/// </summary>
internal sealed class AntiAffinityTerm
{
    private readonly Selector _selector;
    private readonly string[] _namespaces;

    private AntiAffinityTerm(Selector selector, string[] namespaces)
    {
        _selector = selector;
        _namespaces = namespaces;
    }

    public static AntiAffinityTerm[] For(Pod pod)
    {
        if (pod.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not { Count: > 0 } terms)
        {
            return [];
        }

        var compiled = new List<AntiAffinityTerm>(terms.Count);
        foreach (var term in terms)
        {
            // A null label selector matches no pod; terms on other topology keys are not enforced (validation warns).
            if (term?.TopologyKey != ObjectValidator.HostnameTopologyKey || term.LabelSelector is null ||
                !Selector.TryFromLabelSelector(term.LabelSelector, out var selector, out _))
            {
                continue;
            }

            string[] namespaces = term.Namespaces is { Count: > 0 } listed ? [.. listed] : [pod.Metadata.Namespace ?? ""];
            compiled.Add(new AntiAffinityTerm(selector, namespaces));
        }

        return [.. compiled];
    }

    public bool Matches(Pod other) =>
        Array.IndexOf(_namespaces, other.Metadata.Namespace ?? "") >= 0 && _selector.Matches(other.Metadata.Labels);
}
