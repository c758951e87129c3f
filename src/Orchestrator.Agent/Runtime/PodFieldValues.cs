namespace Orchestrator.Agent.Runtime;

/// <summary>The Downward API's <c>fieldRef</c> paths, the same for every runtime.</summary>
internal static class PodFieldValues
{
    /// <summary>The value of a <c>fieldRef</c>; null for a path the agent does not know.</summary>
    public static string? Resolve(string? fieldPath, ContainerLaunch launch, string nodeName, string nodeAddress) => fieldPath switch
    {
        "metadata.name" => launch.PodName,
        "metadata.namespace" => launch.Namespace,
        "metadata.uid" => launch.PodUid,
        "spec.nodeName" => nodeName,
        "status.podIP" => nodeAddress,
        "status.hostIP" => nodeAddress,
        _ => null,
    };
}
