using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Testing.Docker;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

/// <summary>One private dockerd and one local registry for all Docker tests, with the busybox test image imported.</summary>
public sealed class DockerRuntimeFixture : IAsyncLifetime
{
    public DockerEngineFixture Engine { get; } = new();

    public RegistryFixture Registry { get; } = new();

    internal DockerEngine Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Engine.InitializeAsync();
        await Registry.InitializeAsync();
        await TestImages.ImportBusyboxAsync(Engine);
        Client = new DockerEngine(Options.Create(new DockerOptions { Endpoint = Engine.Endpoint }));
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Registry.DisposeAsync();
        await Engine.DisposeAsync();
    }

    /// <summary>A driver for node <paramref name="nodeName"/>: each test uses its own node, so tests never see each other's containers.</summary>
    internal DockerDriver CreateDriver(string nodeName, IPullSecretSource? secrets = null)
    {
        var identity = new NodeIdentity();
        identity.Set(new NodeCredential(new Uri("http://127.0.0.1:1"), nodeName, "unused"));
        var options = Options.Create(new AgentOptions { NodeName = nodeName, NodeAddress = "127.0.0.1" });
        return new DockerDriver(
            Client,
            secrets ?? new FakePullSecretSource(),
            identity,
            new NodeAddressResolver(options, TimeProvider.System),
            options,
            TimeProvider.System,
            NullLogger<DockerDriver>.Instance);
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerRuntimeFixture>
{
    public const string Name = "docker engine";
}
