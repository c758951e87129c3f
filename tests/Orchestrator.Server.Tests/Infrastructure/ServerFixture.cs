using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Bootstrap;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>
/// One standalone server (with its API and in-process loops) on its default store, a SQLite file of its own, shared by
/// the tests of a class. Each class gets its own server, so the loops of one class never act on the objects of
/// another. <see cref="TableServerFixture"/> runs the same server on Table Storage (Azurite).
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    /// <summary>The URL the server is told it listens on; requests go through the in-memory test server.</summary>
    public const string Url = "http://127.0.0.1:18080";

    private readonly List<HttpClient> _clients = [];
    private OrchestratorFactory? _factory;
    private string _directory = "";

    /// <summary>The client config file the server writes on first start.</summary>
    public string ConfigPath { get; private set; } = "";

    /// <summary>The admin key of tenant <c>default</c>, read from <see cref="ConfigPath"/>.</summary>
    public string AdminToken { get; private set; } = "";

    /// <summary>A client with the admin key of tenant <c>default</c>.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public IServiceProvider Services => Factory.Services;

    private OrchestratorFactory Factory => _factory ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("orch-server-tests-").FullName;
        ConfigPath = Path.Combine(_directory, ".orch", "config.json");
        _factory = new OrchestratorFactory(Url, ConfigPath, await StoreSettingsAsync());

        // Starting the host runs FirstStart, which writes the config with the admin key.
        _ = _factory.Server;
        var config = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath))!.AsObject();
        AdminToken = (string)config["token"]!;
        Admin = CreateClient(AdminToken);
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer key, or no credential when null.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = Factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>A client with an admin key of <paramref name="tenant"/>, created with its <c>default</c> namespace.</summary>
    public async Task<HttpClient> CreateTenantClientAsync(string tenant)
    {
        var bootstrapper = Services.GetRequiredService<TenantBootstrapper>();
        await bootstrapper.EnsureTenantAsync(tenant, CancellationToken.None);
        return CreateClient(await bootstrapper.IssueAdminKeyAsync(tenant, "server tests", CancellationToken.None));
    }

    /// <summary>The server's store settings (<c>ORCH_STORE</c> and what it needs); the default store by default.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Stops what <see cref="StoreSettingsAsync"/> started.</summary>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await DisposeStoreAsync();
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
