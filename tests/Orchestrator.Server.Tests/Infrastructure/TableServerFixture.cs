using Orchestrator.Testing;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>The standalone server on Table Storage (a real Azurite of its own), for the tests that run on both stores.</summary>
public sealed class TableServerFixture : ServerFixture
{
    private readonly AzuriteFixture _azurite = new();

    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        await _azurite.InitializeAsync();
        return new Dictionary<string, string>
        {
            ["ORCH_STORE"] = "table",
            ["ORCH_STORAGE_CONNECTION"] = _azurite.ConnectionString,
        };
    }

    protected override Task DisposeStoreAsync() => _azurite.DisposeAsync();
}
