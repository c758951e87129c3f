using Microsoft.Data.Sqlite;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// Tenants and API keys in the <c>tenants</c> and <c>api_keys</c> tables. A key is found by its SHA-256 (the primary
/// key), so authenticating a request is one point read; no plaintext key is ever stored.
/// </summary>
internal sealed class SqliteIdentityStore : IIdentityStore
{
    private const int HashHexLength = 64;

    private readonly SqliteDatabase _database;

    public SqliteIdentityStore(SqliteDatabase database) => _database = database;

    public Task<bool> CreateTenantAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return _database.WriteAsync(
            session =>
            {
                var insert = session.Command("INSERT INTO tenants (name, created_at) VALUES ($name, $created) ON CONFLICT (name) DO NOTHING");
                insert.Parameters.AddWithValue("$name", tenant);
                insert.Parameters.AddWithValue("$created", now.UtcTicks);
                return insert.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return Task.FromResult(_database.Read(session =>
        {
            var read = session.Command("SELECT 1 FROM tenants WHERE name = $name");
            read.Parameters.AddWithValue("$name", tenant);
            return read.ExecuteScalar() is not null;
        }));
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_database.Read(session =>
        {
            var tenants = new List<string>();
            using var reader = session.Command("SELECT name FROM tenants ORDER BY name").ExecuteReader();
            while (reader.Read())
            {
                tenants.Add(reader.GetString(0));
            }

            return tenants;
        }));

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = NormalizeHash(key.HashHex) ?? throw new ArgumentException("The key's hash must be 64 hexadecimal digits (SHA-256).", nameof(key));
        await _database.WriteAsync(
            session =>
            {
                var insert = session.Command(
                    """
                    INSERT INTO api_keys (hash, id, tenant, role, node_name, created_at, expires_at, description)
                    VALUES ($hash, $id, $tenant, $role, $node, $created, $expires, $description)
                    """);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.Parameters.AddWithValue("$id", key.Id);
                insert.Parameters.AddWithValue("$tenant", key.Tenant);
                insert.Parameters.AddWithValue("$role", key.Role);
                insert.Parameters.AddWithValue("$node", (object?)key.NodeName ?? DBNull.Value);
                insert.Parameters.AddWithValue("$created", key.CreatedAt.UtcTicks);
                insert.Parameters.AddWithValue("$expires", key.ExpiresAt is { } expires ? expires.UtcTicks : DBNull.Value);
                insert.Parameters.AddWithValue("$description", (object?)key.Description ?? DBNull.Value);
                try
                {
                    return insert.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19)
                {
                    throw new StoreException(StoreFailure.AlreadyExists, null, $"An API key with this hash already exists (id {key.Id}).");
                }
            },
            cancellationToken);
    }

    public Task<ApiKeyRecord?> FindKeyByHashAsync(string hashHex, CancellationToken cancellationToken)
    {
        if (NormalizeHash(hashHex) is not { } hash)
        {
            return Task.FromResult<ApiKeyRecord?>(null);
        }

        return Task.FromResult(_database.Read(session =>
        {
            var read = session.Command("SELECT id, tenant, role, node_name, created_at, expires_at, description FROM api_keys WHERE hash = $hash");
            read.Parameters.AddWithValue("$hash", hash);
            using var reader = read.ExecuteReader();
            return reader.Read()
                ? new ApiKeyRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    hash,
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                    reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                    reader.IsDBNull(6) ? null : reader.GetString(6))
                : null;
        }));
    }

    public async Task DeleteKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (NormalizeHash(key.HashHex) is not { } hash)
        {
            return;
        }

        await _database.WriteAsync(
            session =>
            {
                var delete = session.Command("DELETE FROM api_keys WHERE hash = $hash");
                delete.Parameters.AddWithValue("$hash", hash);
                return delete.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <summary>The lowercase form of a SHA-256 hex string, or null if it is not one.</summary>
    private static string? NormalizeHash(string? hashHex) =>
        hashHex is { Length: HashHexLength } && hashHex.All(char.IsAsciiHexDigit) ? hashHex.ToLowerInvariant() : null;
}
