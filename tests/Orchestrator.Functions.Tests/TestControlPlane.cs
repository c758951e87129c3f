using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane;
using Orchestrator.ControlPlane.Bootstrap;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Channels;
using Orchestrator.Functions.Http;
using Orchestrator.Functions.Storage;
using Orchestrator.Testing;
using Orchestrator.Testing.Fakes;
using Orchestrator.Testing.Stores;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// The control plane as the Functions app wires it (AddControlPlane, the adapter, the store readiness) over the real
/// SQLite object store and in-memory identity and lease stores and channel; function classes are created the way the worker creates them.
/// </summary>
internal sealed class TestControlPlane : IDisposable
{
    public const string Tenant = "acme";

    private readonly ServiceProvider _services;

    public TestControlPlane(Func<CancellationToken, Task>? createTables = null)
    {
        Objects = new TestObjectStore(Time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<Orchestrator.ControlPlane.Logs.ILogExchange>(new InMemoryLogExchange());
        services.AddControlPlane(secrets => secrets.Key = TestKeys.SecretsKey);
        services.AddSingleton<IObjectStore>(Objects);
        services.AddSingleton<IIdentityStore>(Identities);
        services.AddSingleton<ILeaseStore>(Leases);
        services.AddSingleton<INodeChannel>(Channel);
        services.AddSingleton(new StoreReadiness(createTables ?? (_ => Task.CompletedTask)));
        services.AddSingleton<HttpFunctionAdapter>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestObjectStore Objects { get; }

    public InMemoryIdentityStore Identities { get; } = new();

    public InMemoryLeaseStore Leases { get; } = new();

    public RecordingNodeChannel Channel { get; } = new();

    public IServiceProvider Services => _services;

    /// <summary>Creates a function class as the worker's activator does: constructor arguments from the container.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>Creates <see cref="Tenant"/> with its default namespace and returns a new admin key.</summary>
    public async Task<string> AdminKeyAsync()
    {
        var bootstrapper = _services.GetRequiredService<TenantBootstrapper>();
        await bootstrapper.EnsureTenantAsync(Tenant, CancellationToken.None);
        return await bootstrapper.IssueAdminKeyAsync(Tenant, "test", CancellationToken.None);
    }

    /// <summary>A request as the ASP.NET Core integration hands it to a function, with a readable response body.</summary>
    public static HttpRequest Request(string method, string path, string? key = null, string? json = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("orchestrator.example");
        http.Request.Path = path;
        if (key is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + key;
        }

        if (json is not null)
        {
            var body = Encoding.UTF8.GetBytes(json);
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = body.Length;
            http.Request.Body = new MemoryStream(body);
        }

        http.Response.Body = new MemoryStream();
        return http.Request;
    }

    /// <summary>The response the dispatcher wrote for <paramref name="request"/>, as JSON.</summary>
    public static JsonElement ResponseJson(HttpRequest request)
    {
        var body = (MemoryStream)request.HttpContext.Response.Body;
        using var document = JsonDocument.Parse(body.ToArray());
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        _services.Dispose();
        Objects.Dispose();
    }
}
