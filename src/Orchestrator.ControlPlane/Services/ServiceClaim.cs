using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Services;

/// <summary>
/// One value a Service holds (a cluster IP or a node port), stored as a row whose key is the value, so that a
/// second claim of it fails its transaction. <see cref="Chosen"/> tells a value the user asked for from one the
/// allocator picked (and may pick again).
/// </summary>
public sealed record ServiceClaim(string Resource, string Value, string Field, bool Chosen)
{
    /// <summary>Claim rows of cluster IPs, named by the address.</summary>
    public const string ClusterIPs = "clusterips" + IObjectStore.InternalResourceSuffix;

    /// <summary>Claim rows of node ports, named by the port number.</summary>
    public const string NodePorts = "nodeports" + IObjectStore.InternalResourceSuffix;

    public ObjectKey Key(string tenant) => new(tenant, Resource, "", Value);

    public bool IsNodePort => Resource == NodePorts;
}
