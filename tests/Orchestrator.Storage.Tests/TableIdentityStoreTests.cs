using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

/// <summary>The identity contract on Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableIdentityStoreTests(AzuriteFixture azurite) : IdentityStoreContract
{
    private TestTables _tables = null!;

    protected override IIdentityStore Store => _tables.Identity;

    public override async Task InitializeAsync() => _tables = await TestTables.CreateAsync(azurite);

    public override Task DisposeAsync() => Task.CompletedTask;
}
