using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;

namespace Orchestrator.Storage.Tests;

/// <summary>The identity contract on SQLite.</summary>
public sealed class SqliteIdentityStoreTests : IdentityStoreContract
{
    private readonly TestDatabase _database = new();

    protected override IIdentityStore Store => _database.Identity;

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
