namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// Node heartbeats as small rows in their own table, spread over partitions so that many agents renewing every
/// few seconds stay within the per-partition limit.
/// </summary>
public interface ILeaseStore
{
    Task RenewAsync(NodeLease lease, CancellationToken cancellationToken);

    Task<NodeLease?> GetAsync(string tenant, string nodeName, CancellationToken cancellationToken);

    Task<IReadOnlyList<NodeLease>> ListAsync(string tenant, CancellationToken cancellationToken);

    Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken);
}
