using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Bootstrap;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Channels;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;
using Orchestrator.Testing;
using Orchestrator.Testing.Fakes;
using Orchestrator.Testing.Stores;

namespace Orchestrator.ControlPlane.Tests.Api;

public sealed class PodStatusReportTests : IAsyncLifetime
{
    private const string Tenant = "acme";
    private const string Node = "node-1";

    private readonly TestObjectStore _inner = new(TimeProvider.System);
    private readonly RacingStore _store;
    private readonly ServiceProvider _services;
    private string _nodeKey = "";

    public PodStatusReportTests()
    {
        _store = new RacingStore(_inner);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddControlPlane(secrets => secrets.Key = TestKeys.SecretsKey);
        services.AddSingleton<IObjectStore>(_store);
        services.AddSingleton<IIdentityStore>(new InMemoryIdentityStore());
        services.AddSingleton<ILeaseStore>(new InMemoryLeaseStore());
        services.AddSingleton<INodeChannel>(new RecordingNodeChannel());
        services.AddSingleton<ILogExchange>(new InMemoryLogExchange());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task InitializeAsync()
    {
        await _services.GetRequiredService<TenantBootstrapper>().EnsureTenantAsync(Tenant, CancellationToken.None);
        (_nodeKey, _) = await _services.GetRequiredService<ApiKeys>().IssueAsync(Tenant, ApiKeyRoles.Node, Node, null, "agent", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _inner.Dispose();
    }

    [Fact]
    public async Task Report_PodChangedByAnotherWriterMeanwhile_IsAppliedToTheFreshCopyNotAnsweredAsReplaced()
    {
        // What happens when a node comes back: the node-lifecycle loop marks its pods not ready while the agent's
        // first report is on its way. A 409 would tell the agent its pod was replaced, and it would stop it.
        var uid = await CreatePodAsync("web");
        _store.RaceNextPodUpdate();

        var (status, body) = await ReportAsync(new PodStatusReportItem("default", "web", uid, RunningReady()));

        Assert.Equal(200, status);
        var outcome = Assert.Single(JsonSerializer.Deserialize(body, NodeApiJsonContext.Default.PodStatusReportResult)!.Results);
        Assert.Equal(200, outcome.Code);
        Assert.Equal(1, _store.Races);
        var pod = (await _services.GetRequiredService<ObjectService>().GetAsync(ResourceRegistry.Pods, Tenant, "default", "web", CancellationToken.None))!.Object;
        Assert.Equal("Running", pod.Status?.Phase);
    }

    [Fact]
    public async Task Report_PodReplacedByAnotherWithTheSameName_Answers409()
    {
        await CreatePodAsync("web");

        var (_, body) = await ReportAsync(new PodStatusReportItem("default", "web", "an-older-uid", RunningReady()));

        Assert.Equal(409, Assert.Single(JsonSerializer.Deserialize(body, NodeApiJsonContext.Default.PodStatusReportResult)!.Results).Code);
    }

    private static PodStatus RunningReady() => new()
    {
        Phase = "Running",
        Conditions = [new PodCondition { Type = "Ready", Status = "True" }, new PodCondition { Type = "ContainersReady", Status = "True" }],
    };

    private async Task<string> CreatePodAsync(string name)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "default" },
            Spec = new PodSpec
            {
                NodeName = Node,
                RuntimeClassName = "process",
                Containers = [new Container { Name = "app", Image = "busybox", Command = ["sleep", "3600"] }],
            },
        };
        var (created, _) = await _services.GetRequiredService<ObjectService>().CreateAsync(ResourceRegistry.Pods, Tenant, pod, CancellationToken.None);
        return created.Object.Metadata.Uid!;
    }

    private async Task<(int Status, string Body)> ReportAsync(params PodStatusReportItem[] items)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = $"/agent/v1/nodes/{Node}/podstatus";
        http.Request.Headers.Authorization = "Bearer " + _nodeKey;
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new PodStatusReport(items), NodeApiJsonContext.Default.PodStatusReport));
        http.Response.Body = new MemoryStream();

        await _services.GetRequiredService<ApiDispatcher>().HandleAsync(http, ApiRoutes.NodePodStatus, new Dictionary<string, string?> { ["node"] = Node });
        http.Response.Body.Position = 0;
        using var reader = new StreamReader(http.Response.Body, Encoding.UTF8);
        return (http.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>Lets another writer update a pod just before the next commit that updates it, as a racing loop would.</summary>
    private sealed class RacingStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        private int _armed;

        public int Races { get; private set; }

        public void RaceNextPodUpdate() => _armed = 1;

        public override async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
        {
            if (operations.OfType<StoreOperation.Update>().FirstOrDefault(o => o.Key.Resource == ResourceRegistry.Pods.QualifiedName) is { } update &&
                Interlocked.Exchange(ref _armed, 0) == 1)
            {
                var current = await Inner.GetAsync(update.Key, cancellationToken);
                await Inner.CommitAsync(tenant, [new StoreOperation.Update(current!, current!.Json, update.Indexes)], cancellationToken);
                Races++;
            }

            return await Inner.CommitAsync(tenant, operations, cancellationToken);
        }
    }
}
