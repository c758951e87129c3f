using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Functions.Tests.Fakes;

/// <summary>An <see cref="ILeaseStore"/> in memory: one lease per tenant and node, the last renewal wins.</summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Node), NodeLease> _leases = [];

    public Task RenewAsync(NodeLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _leases[(lease.Tenant, lease.NodeName)] = lease;
        }

        return Task.CompletedTask;
    }

    public Task<NodeLease?> GetAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault((tenant, nodeName)));
        }
    }

    public Task<IReadOnlyList<NodeLease>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<NodeLease>>([.. _leases.Values.Where(l => l.Tenant == tenant).OrderBy(l => l.NodeName, StringComparer.Ordinal)]);
        }
    }

    public Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _leases.Remove((tenant, nodeName));
        }

        return Task.CompletedTask;
    }
}
