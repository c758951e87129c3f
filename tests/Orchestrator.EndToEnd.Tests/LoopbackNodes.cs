namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The tests that run four agents each: one at a time, so that the machine's two cores are not shared by eight agents
/// and two servers at once while the tests time rollouts and failovers.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class LoopbackNodes
{
    public const string Collection = "four loopback nodes";
}
