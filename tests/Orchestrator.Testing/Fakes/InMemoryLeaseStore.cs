using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// An <see cref="ILeaseStore"/> in memory with the contract of the Table Storage one: one lease a tenant and node,
/// a renewal is an unconditional replace, leases list by node name, and deleting a missing lease is a no-op.
/// </summary>
public sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Node), NodeLease> _leases = [];

    public Task RenewAsync(NodeLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Validate(lease.Tenant, lease.NodeName);
        lock (_gate)
        {
            _leases[(lease.Tenant, lease.NodeName)] = lease with { HolderIdentity = lease.HolderIdentity ?? string.Empty };
        }

        return Task.CompletedTask;
    }

    public Task<NodeLease?> GetAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        Validate(tenant, nodeName);
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault((tenant, nodeName)));
        }
    }

    public Task<IReadOnlyList<NodeLease>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<NodeLease>>(
                [.. _leases.Values.Where(l => l.Tenant == tenant).OrderBy(l => l.NodeName, StringComparer.Ordinal)]);
        }
    }

    public Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        Validate(tenant, nodeName);
        lock (_gate)
        {
            _leases.Remove((tenant, nodeName));
        }

        return Task.CompletedTask;
    }

    private static void Validate(string tenant, string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
    }
}
