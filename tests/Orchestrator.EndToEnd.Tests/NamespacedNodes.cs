namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The tests whose agents run in network namespaces: one at a time, so that their bridges, agents and load generators
/// do not share the machine's two cores with each other.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class NamespacedNodes
{
    public const string Collection = "nodes in network namespaces";
}
