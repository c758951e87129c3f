using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Channels;
using Orchestrator.Testing;
using Orchestrator.Testing.Fakes;
using Orchestrator.Testing.Stores;

namespace Orchestrator.ControlPlane.Tests;

/// <summary>
/// The control plane as hosts wire it (<see cref="ControlPlaneServiceCollectionExtensions.AddControlPlane"/>) over the
/// real SQLite object store (a database of its own), in-memory identity and lease stores and channel, with a fake
/// clock and a recording change observer.
/// </summary>
internal sealed class TestControlPlane : IDisposable
{
    public const string Tenant = "acme";
    public const string Namespace = "default";

    /// <summary>Deliberately not on a whole second, so that truncated timestamps can be told apart.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 8, 0, 0, 750, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public TestControlPlane(bool inProcessLoops = false, Action<LoopOptions>? configureLoops = null)
    {
        Store = new TestObjectStore(Time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<Orchestrator.ControlPlane.Logs.ILogExchange>(new InMemoryLogExchange());
        services.AddControlPlane(secrets => secrets.Key = TestKeys.SecretsKey, configureLoops: configureLoops);
        if (inProcessLoops)
        {
            services.AddInProcessControlLoops();
        }

        services.AddSingleton<IObjectStore>(Store);
        services.AddSingleton<IIdentityStore>(Identities);
        services.AddSingleton<ILeaseStore>(Leases);
        services.AddSingleton<INodeChannel>(Channel);
        services.AddSingleton<IObjectChangeObserver>(Observer);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public TestObjectStore Store { get; }

    public InMemoryIdentityStore Identities { get; } = new();

    public InMemoryLeaseStore Leases { get; } = new();

    public RecordingNodeChannel Channel { get; } = new();

    public RecordingChangeObserver Observer { get; } = new();

    public IServiceProvider Services => _services;

    public ObjectService Objects => _services.GetRequiredService<ObjectService>();

    /// <summary>The registered loop of type <typeparamref name="T"/>, as the hosts resolve it.</summary>
    public T Loop<T>()
        where T : IControlLoop => _services.GetServices<IControlLoop>().OfType<T>().Single();

    public void Dispose()
    {
        _services.Dispose();
        Store.Dispose();
    }
}
