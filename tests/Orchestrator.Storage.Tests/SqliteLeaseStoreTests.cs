using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;

namespace Orchestrator.Storage.Tests;

/// <summary>The lease contract on SQLite.</summary>
public sealed class SqliteLeaseStoreTests : LeaseStoreContract
{
    private readonly TestDatabase _database = new();

    protected override ILeaseStore Store => _database.Leases;

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
