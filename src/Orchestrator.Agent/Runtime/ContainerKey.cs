namespace Orchestrator.Agent.Runtime;

/// <summary>Identifies a container across its restarts: the pod's uid and the container's name.</summary>
internal readonly record struct ContainerKey(string PodUid, string ContainerName)
{
    public override string ToString() => PodUid + "/" + ContainerName;
}
