using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Node leases as rows of the <c>leases</c> table, keyed by tenant and node; a renewal is one upsert.</summary>
internal sealed class SqliteLeaseStore : ILeaseStore
{
    private readonly SqliteDatabase _database;

    public SqliteLeaseStore(SqliteDatabase database) => _database = database;

    public async Task RenewAsync(NodeLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrEmpty(lease.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(lease.NodeName);
        await _database.WriteAsync(
            session =>
            {
                var upsert = session.Command(
                    """
                    INSERT INTO leases (tenant, node, holder, renew_time, duration_seconds) VALUES ($tenant, $node, $holder, $renew, $duration)
                    ON CONFLICT (tenant, node) DO UPDATE SET holder = excluded.holder, renew_time = excluded.renew_time, duration_seconds = excluded.duration_seconds
                    """);
                upsert.Parameters.AddWithValue("$tenant", lease.Tenant);
                upsert.Parameters.AddWithValue("$node", lease.NodeName);
                upsert.Parameters.AddWithValue("$holder", lease.HolderIdentity ?? string.Empty);
                upsert.Parameters.AddWithValue("$renew", lease.RenewTime.UtcTicks);
                upsert.Parameters.AddWithValue("$duration", lease.LeaseDurationSeconds);
                return upsert.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<NodeLease?> GetAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        return Task.FromResult(_database.Read(session =>
        {
            var read = session.Command("SELECT node, holder, renew_time, duration_seconds FROM leases WHERE tenant = $tenant AND node = $node");
            read.Parameters.AddWithValue("$tenant", tenant);
            read.Parameters.AddWithValue("$node", nodeName);
            using var reader = read.ExecuteReader();
            return reader.Read() ? Lease(tenant, reader) : null;
        }));
    }

    public Task<IReadOnlyList<NodeLease>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return Task.FromResult<IReadOnlyList<NodeLease>>(_database.Read(session =>
        {
            var read = session.Command("SELECT node, holder, renew_time, duration_seconds FROM leases WHERE tenant = $tenant ORDER BY node");
            read.Parameters.AddWithValue("$tenant", tenant);
            var leases = new List<NodeLease>();
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                leases.Add(Lease(tenant, reader));
            }

            return leases;
        }));
    }

    public async Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        await _database.WriteAsync(
            session =>
            {
                var delete = session.Command("DELETE FROM leases WHERE tenant = $tenant AND node = $node");
                delete.Parameters.AddWithValue("$tenant", tenant);
                delete.Parameters.AddWithValue("$node", nodeName);
                return delete.ExecuteNonQuery();
            },
            cancellationToken);
    }

    private static NodeLease Lease(string tenant, Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(tenant, reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), reader.GetInt32(3));
}
