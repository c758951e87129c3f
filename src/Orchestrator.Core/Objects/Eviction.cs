namespace Orchestrator.Core.Objects;

/// <summary>A <c>policy/v1</c> Eviction: the body of <c>POST pods/{name}/eviction</c>, a deletion that respects disruption budgets.</summary>
public sealed class Eviction : KubeObject
{
    public DeleteOptions? DeleteOptions { get; set; }
}
