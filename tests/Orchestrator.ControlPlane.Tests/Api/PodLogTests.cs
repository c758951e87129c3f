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
using Orchestrator.Core.Objects;
using Orchestrator.Testing;
using Orchestrator.Testing.Fakes;
using Orchestrator.Testing.Stores;

namespace Orchestrator.ControlPlane.Tests.Api;

public sealed class PodLogTests : IAsyncLifetime
{
    private const string Tenant = "acme";
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(400);

    private readonly RecordingNodeChannel _channel = new();
    private readonly InMemoryLogExchange _exchange = new();
    private readonly TestObjectStore _store = new(TimeProvider.System);
    private readonly ServiceProvider _services;
    private string _adminKey = "";

    public PodLogTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddControlPlane(secrets => secrets.Key = TestKeys.SecretsKey);
        services.AddSingleton<IObjectStore>(_store);
        services.AddSingleton<IIdentityStore>(new InMemoryIdentityStore());
        services.AddSingleton<ILeaseStore>(new InMemoryLeaseStore());
        services.AddSingleton<INodeChannel>(_channel);
        services.AddSingleton<ILogExchange>(_exchange);
        services.AddPodLogOptions(o =>
        {
            o.AnswerTimeout = AnswerTimeout;
            o.PollInterval = TimeSpan.FromMilliseconds(20);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task InitializeAsync()
    {
        var bootstrapper = _services.GetRequiredService<TenantBootstrapper>();
        await bootstrapper.EnsureTenantAsync(Tenant, CancellationToken.None);
        _adminKey = await bootstrapper.IssueAdminKeyAsync(Tenant, "test", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task GetLog_AgentAnswers_ReturnsTheLinesAsPlainTextAndSendsTheOptions()
    {
        await CreatePodAsync("web", "node-1", "app");
        _channel.OnLogRequest = request => _exchange.Answer(request, new LogAnswer(true, "hello\nworld\n"));

        var (status, contentType, body) = await GetAsync("web/log?tailLines=2&sinceSeconds=30&timestamps=true&previous=true");

        Assert.Equal(200, status);
        Assert.Equal("text/plain", contentType);
        Assert.Equal("hello\nworld\n", body);
        var sent = Assert.Single(_channel.LogRequests);
        Assert.Equal((Tenant, "node-1", "default", "web", "app"), (sent.Tenant, sent.NodeName, sent.Namespace, sent.PodName, sent.Container));
        Assert.Equal((2L, 30L, true, true), (sent.TailLines, sent.SinceSeconds, sent.Timestamps, sent.Previous));
        Assert.False(string.IsNullOrEmpty(sent.PodUid));
        Assert.Empty(_exchange.Pending);
    }

    [Fact]
    public async Task GetLog_NodeDoesNotAnswer_Returns504AfterTheConfiguredWaitAndCleansUp()
    {
        await CreatePodAsync("web", "node-1", "app");
        var started = TimeProvider.System.GetTimestamp();

        var (status, _, body) = await GetAsync("web/log");

        Assert.Equal(504, status);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Timeout", json.GetProperty("reason").GetString());
        Assert.Equal("the node \"node-1\" did not answer in time; it may be unreachable", json.GetProperty("message").GetString());
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), AnswerTimeout, TimeSpan.FromSeconds(5));
        Assert.Single(_exchange.Deleted);
    }

    [Fact]
    public async Task GetLog_AgentAnswersWithAnError_Returns400WithItsMessage()
    {
        await CreatePodAsync("web", "node-1", "app");
        _channel.OnLogRequest = request => _exchange.Answer(request, new LogAnswer(false, "previous terminated container \"app\" in pod \"web\" not found"));

        var (status, _, body) = await GetAsync("web/log?previous=true");

        Assert.Equal(400, status);
        Assert.Equal("previous terminated container \"app\" in pod \"web\" not found", Message(body));
    }

    [Fact]
    public async Task GetLog_SeveralContainersAndNoneNamed_Returns400ListingThem()
    {
        await CreatePodAsync("web", "node-1", "app", "sidecar");

        var (status, _, body) = await GetAsync("web/log");

        Assert.Equal(400, status);
        Assert.Equal("a container name must be specified for pod web, choose one of: [app sidecar]", Message(body));
        Assert.Empty(_channel.LogRequests);
    }

    [Fact]
    public async Task GetLog_UnknownContainer_Returns400()
    {
        await CreatePodAsync("web", "node-1", "app", "sidecar");

        var (status, _, body) = await GetAsync("web/log?container=db");

        Assert.Equal(400, status);
        Assert.Equal("container db is not valid for pod web", Message(body));
    }

    [Fact]
    public async Task GetLog_PodNotScheduled_Returns400NoHostAssigned()
    {
        await CreatePodAsync("web", null, "app");

        var (status, _, body) = await GetAsync("web/log");

        Assert.Equal(400, status);
        Assert.Equal("pod web does not have a host assigned", Message(body));
    }

    [Theory]
    [InlineData("tailLines=-1")]
    [InlineData("sinceSeconds=0")]
    [InlineData("tailLines=ten")]
    [InlineData("timestamps=maybe")]
    public async Task GetLog_InvalidOption_Returns400(string query)
    {
        await CreatePodAsync("web", "node-1", "app");

        var (status, _, _) = await GetAsync("web/log?" + query);

        Assert.Equal(400, status);
        Assert.Empty(_channel.LogRequests);
    }

    [Fact]
    public async Task GetLog_MissingPod_Returns404()
    {
        var (status, _, body) = await GetAsync("nope/log");

        Assert.Equal(404, status);
        Assert.Equal("pods \"nope\" not found", Message(body));
    }

    [Fact]
    public async Task GetLog_NodeCredential_IsForbidden()
    {
        await CreatePodAsync("web", "node-1", "app");
        var (nodeKey, _) = await _services.GetRequiredService<ApiKeys>().IssueAsync(Tenant, ApiKeyRoles.Node, "node-1", null, "agent", CancellationToken.None);

        var (status, _, _) = await GetAsync("web/log", nodeKey);

        Assert.Equal(403, status);
        Assert.Empty(_channel.LogRequests);
    }

    [Fact]
    public async Task PutLog_IsNotAllowed()
    {
        await CreatePodAsync("web", "node-1", "app");

        var (status, _, _) = await GetAsync("web/log", method: "PUT");

        Assert.Equal(405, status);
    }

    private static string? Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString();

    private async Task CreatePodAsync(string name, string? nodeName, params string[] containers)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "default" },
            Spec = new PodSpec
            {
                NodeName = nodeName,
                RuntimeClassName = "process",
                Containers = [.. containers.Select(c => new Container { Name = c, Image = "busybox", Command = ["sleep", "3600"] })],
            },
        };
        await _services.GetRequiredService<ObjectService>().CreateAsync(ResourceRegistry.Pods, Tenant, pod, CancellationToken.None);
    }

    private async Task<(int Status, string? ContentType, string Body)> GetAsync(string podPath, string? key = null, string method = "GET")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = "/api/v1/namespaces/default/pods/" + podPath.Split('?')[0];
        http.Request.QueryString = podPath.Contains('?', StringComparison.Ordinal) ? new QueryString("?" + podPath.Split('?')[1]) : QueryString.Empty;
        http.Request.Headers.Authorization = "Bearer " + (key ?? _adminKey);
        http.Response.Body = new MemoryStream();
        var values = new Dictionary<string, string?>
        {
            ["namespace"] = "default",
            ["resource"] = "pods",
            ["name"] = podPath.Split('?')[0].Split('/')[0],
            ["subresource"] = "log",
        };

        await _services.GetRequiredService<ApiDispatcher>().HandleAsync(http, ApiRoutes.CoreNamespacedSubresource, values);
        http.Response.Body.Position = 0;
        using var reader = new StreamReader(http.Response.Body, Encoding.UTF8);
        return (http.Response.StatusCode, http.Response.ContentType, await reader.ReadToEndAsync());
    }
}
