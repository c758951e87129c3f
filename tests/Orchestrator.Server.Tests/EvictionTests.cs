using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// Drain's building blocks on the standalone server: PodDisruptionBudgets kept current by the disruption loop, the
/// eviction subresource honouring them, and cordon through the patches kubectl sends. No agent runs: pods are bound
/// and made Ready by hand, so an evicted pod stays Terminating.
/// </summary>
public sealed class EvictionTests : IClassFixture<ServerFixture>
{
    private const string Budgets = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
    private const string StrategicMergePatch = "application/strategic-merge-patch+json";

    private readonly ServerFixture _server;

    public EvictionTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task Evict_BudgetAllowsOne_Returns201AndThePodTerminatesAndTheBudgetIsSpent()
    {
        var (app, pods) = await ReadyPodsAsync(3);
        await CreateBudgetAsync(app, """{"minAvailable": 2}""", allowed: 1);

        var response = await EvictAsync(pods[0]);

        var status = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Success", (string?)status["status"]);
        var pod = await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}");
        Assert.NotNull(pod["metadata"]!["deletionTimestamp"]);
        var budget = await Admin.GetObjectAsync($"{Budgets}/{app}");
        // Spent: the eviction recorded the pod in disruptedPods, which the disruption loop drops again once it sees the
        // pod terminating (as Kubernetes' controller does); either way no disruption is left.
        Assert.Equal(0, (int?)budget["status"]!["disruptionsAllowed"]);
    }

    [Fact]
    public async Task Evict_BudgetExhausted_Returns429WithDisruptionBudgetCauseAndLeavesThePod()
    {
        var (app, pods) = await ReadyPodsAsync(2);
        await CreateBudgetAsync(app, """{"minAvailable": 2}""", allowed: 0);
        var before = await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}");

        var response = await EvictAsync(pods[0]);

        var status = await response.ExpectStatusAsync(HttpStatusCode.TooManyRequests, "TooManyRequests");
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", (string?)status["message"]);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("DisruptionBudget", (string?)cause["reason"]);
        Assert.Equal($"The disruption budget {app} needs 2 healthy pods and has 2 currently", (string?)cause["message"]);
        var after = await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}");
        Assert.Null(after["metadata"]!["deletionTimestamp"]);
        Assert.Equal(before.ResourceVersion(), after.ResourceVersion());
    }

    [Fact]
    public async Task Evict_ConcurrentEvictionsAgainstABudgetOfOne_ExactlyOnePasses()
    {
        var (app, pods) = await ReadyPodsAsync(4);
        await CreateBudgetAsync(app, """{"minAvailable": 3}""", allowed: 1);

        var responses = await Task.WhenAll(pods.Select(EvictAsync));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var terminating = 0;
        foreach (var pod in pods)
        {
            terminating += (await Admin.GetObjectAsync($"{Manifests.Pods}/{pod}"))["metadata"]!["deletionTimestamp"] is null ? 0 : 1;
        }

        Assert.Equal(1, terminating);
    }

    [Fact]
    public async Task Evict_NoBudgetCoversThePod_Returns201AndDeletesGracefully()
    {
        var (_, pods) = await ReadyPodsAsync(1);

        var response = await EvictAsync(pods[0], """{"gracePeriodSeconds": 5}""");

        await response.ExpectAsync(HttpStatusCode.Created);
        var pod = await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}");
        Assert.Equal(5, (long?)pod["metadata"]!["deletionGracePeriodSeconds"]);
    }

    [Fact]
    public async Task Evict_UnreadyPodWhileTheBudgetIsMet_Returns201WithoutSpendingTheBudget()
    {
        var (app, pods) = await ReadyPodsAsync(3);
        var unready = await CreateBoundPodAsync(app, ready: false);
        await CreateBudgetAsync(app, """{"minAvailable": 3}""", allowed: 0);

        var response = await EvictAsync(unready);

        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(0, (int?)(await Admin.GetObjectAsync($"{Budgets}/{app}"))["status"]!["disruptionsAllowed"]);
        Assert.Null((await Admin.GetObjectAsync($"{Budgets}/{app}"))["status"]!["disruptedPods"]);
        Assert.Equal(3, pods.Count);
    }

    [Fact]
    public async Task Evict_TwoBudgetsCoverThePod_Returns500SayingSoAndLeavesThePod()
    {
        var (app, pods) = await ReadyPodsAsync(2);
        await CreateBudgetAsync(app, """{"minAvailable": 1}""", allowed: 1);
        await CreateBudgetAsync(app, """{"minAvailable": 0}""", allowed: 2, name: app + "-second");

        var response = await EvictAsync(pods[0]);

        var status = await response.ExpectStatusAsync(HttpStatusCode.InternalServerError, "InternalError");
        Assert.Contains("This pod has more than one PodDisruptionBudget", (string?)status["message"], StringComparison.Ordinal);
        Assert.Null((await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}"))["metadata"]!["deletionTimestamp"]);
    }

    [Theory]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"POD"},"deleteOptions":{"gracePeriodSeconds":"soon"}}""", "deleteOptions.gracePeriodSeconds")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"POD"},"deleteOption":{}}""", "deleteOption")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"someone-else"}}""", "metadata.name")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Pod","metadata":{"name":"POD"}}""", "kind")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"POD"},"deleteOptions":{"propagationPolicy":"Sideways"}}""", "deleteOptions.propagationPolicy")]
    public async Task Evict_BadBody_Returns400NamingTheFieldAndLeavesThePod(string body, string field)
    {
        var (_, pods) = await ReadyPodsAsync(1);

        var response = await Admin.PostJsonAsync($"{Manifests.Pods}/{pods[0]}/eviction", body.Replace("POD", pods[0], StringComparison.Ordinal));

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains(field, status.CauseFields());
        Assert.Null((await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}"))["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Evict_MissingPod_Returns404()
    {
        var response = await EvictAsync("no-such-pod");

        await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Evict_JoinedNodesCredential_Returns403AndLeavesThePod()
    {
        var (_, pods) = await ReadyPodsAsync(1);
        var (_, nodeClient) = await JoinAsync();

        var response = await nodeClient.PostJsonAsync($"{Manifests.Pods}/{pods[0]}/eviction", Eviction(pods[0]));

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Null((await Admin.GetObjectAsync($"{Manifests.Pods}/{pods[0]}"))["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Discovery_ListsPodDisruptionBudgetsAndTheEvictionSubresource()
    {
        var groups = await Admin.GetObjectAsync("/apis");
        var policy = await Admin.GetObjectAsync("/apis/policy/v1");
        var core = await Admin.GetObjectAsync("/api/v1");

        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "policy" && (string?)g["preferredVersion"]!["groupVersion"] == "policy/v1");
        var budgets = Assert.Single(policy["resources"]!.AsArray(), r => (string?)r!["name"] == "poddisruptionbudgets")!;
        Assert.Equal("PodDisruptionBudget", (string?)budgets["kind"]);
        Assert.Contains("pdb", budgets["shortNames"]!.AsArray().Select(s => (string?)s));
        Assert.Contains(policy["resources"]!.AsArray(), r => (string?)r!["name"] == "poddisruptionbudgets/status");
        var eviction = Assert.Single(core["resources"]!.AsArray(), r => (string?)r!["name"] == "pods/eviction")!;
        Assert.Equal(("policy", "v1", "Eviction"), ((string?)eviction["group"], (string?)eviction["version"], (string?)eviction["kind"]));
    }

    [Fact]
    public async Task CreateBudget_BothMinAvailableAndMaxUnavailable_Returns422AtSpec()
    {
        var response = await Admin.PostJsonAsync(Budgets, Budget(Manifests.UniqueName("pdb"), """{"minAvailable": 1, "maxUnavailable": 1}"""));

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal(["spec"], status.CauseFields());
    }

    [Fact]
    public async Task Cordon_StrategicMergePatchAsKubectlSends_SchedulerPlacesNothingThereUntilUncordoned()
    {
        var (node, nodeClient) = await JoinAsync();
        await ReportReadyAsync(nodeClient, node);

        var cordon = await Admin.PatchJsonAsync($"/api/v1/nodes/{node}", """{"spec":{"unschedulable":true}}""", StrategicMergePatch);
        Assert.True((bool?)(await cordon.ExpectAsync(HttpStatusCode.OK))["spec"]!["unschedulable"]);

        // The agent's next status report must not undo the cordon.
        await ReportReadyAsync(nodeClient, node);
        Assert.True((bool?)(await Admin.GetObjectAsync($"/api/v1/nodes/{node}"))["spec"]!["unschedulable"]);

        var name = Manifests.UniqueName("cordon");
        var pod = Manifests.Pod(name);
        pod["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = node };
        await Admin.CreateAsync(Manifests.Pods, pod);
        var pending = await Eventually.MatchesAsync(
            () => Admin.GetObjectAsync($"{Manifests.Pods}/{name}"),
            p => p["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "PodScheduled" && (string?)c["status"] == "False") == true,
            "PodScheduled=False");
        Assert.True(string.IsNullOrEmpty((string?)pending["spec"]!["nodeName"]));
        Assert.Contains(pending["status"]!["conditions"]!.AsArray(), c => ((string?)c!["message"])?.Contains("node(s) were unschedulable", StringComparison.Ordinal) == true);

        var uncordon = await Admin.PatchJsonAsync($"/api/v1/nodes/{node}", """{"spec":{"unschedulable":null}}""", StrategicMergePatch);
        await uncordon.ExpectAsync(HttpStatusCode.OK);
        await Eventually.MatchesAsync(
            () => Admin.GetObjectAsync($"{Manifests.Pods}/{name}"),
            p => (string?)p["spec"]!["nodeName"] == node,
            $"the pod bound to {node} once uncordoned");
    }

    [Fact]
    public async Task Cordon_MergePatch_SetsUnschedulable()
    {
        var (node, _) = await JoinAsync();

        var response = await Admin.PatchJsonAsync($"/api/v1/nodes/{node}", """{"spec":{"unschedulable":true}}""");

        Assert.True((bool?)(await response.ExpectAsync(HttpStatusCode.OK))["spec"]!["unschedulable"]);
    }

    [Fact]
    public async Task Patch_StrategicMergePatchWithAList_Returns415AndChangesNothing()
    {
        var (node, _) = await JoinAsync();

        var response = await Admin.PatchJsonAsync($"/api/v1/nodes/{node}", """{"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}}""", StrategicMergePatch);

        await response.ExpectStatusAsync(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.Null((await Admin.GetObjectAsync($"/api/v1/nodes/{node}"))["spec"]?["taints"]);
    }

    private Task<HttpResponseMessage> EvictAsync(string pod) => EvictAsync(pod, null);

    private Task<HttpResponseMessage> EvictAsync(string pod, string? deleteOptions) =>
        Admin.PostJsonAsync($"{Manifests.Pods}/{pod}/eviction", Eviction(pod, deleteOptions));

    private static string Eviction(string pod, string? deleteOptions = null) =>
        $$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"{{pod}}","namespace":"default","creationTimestamp":null}{{(deleteOptions is null ? "" : ",\"deleteOptions\":" + deleteOptions)}}}""";

    private static JsonObject Budget(string name, string spec, string? app = null)
    {
        var body = JsonNode.Parse($$$"""{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""")!.AsObject();
        body["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app ?? name } };
        return body;
    }

    /// <summary>Creates a budget over <paramref name="app"/> and waits until the disruption loop reports <paramref name="allowed"/>.</summary>
    private async Task CreateBudgetAsync(string app, string spec, int allowed, string? name = null)
    {
        await Admin.CreateAsync(Budgets, Budget(name ?? app, spec, app));
        await Eventually.MatchesAsync(
            () => Admin.GetObjectAsync($"{Budgets}/{name ?? app}"),
            b => (long?)b["status"]?["observedGeneration"] == 1 && (int?)b["status"]?["disruptionsAllowed"] == allowed,
            $"status.disruptionsAllowed {allowed}");
    }

    /// <summary><paramref name="count"/> Running, Ready pods labelled with a new app name, bound to a node that exists.</summary>
    private async Task<(string App, List<string> Pods)> ReadyPodsAsync(int count)
    {
        var app = Manifests.UniqueName("evict");
        var pods = new List<string>();
        for (var i = 0; i < count; i++)
        {
            pods.Add(await CreateBoundPodAsync(app, ready: true));
        }

        return (app, pods);
    }

    private async Task<string> CreateBoundPodAsync(string app, bool ready)
    {
        const string Node = "eviction-node";
        if ((await Admin.GetAsync($"/api/v1/nodes/{Node}")).StatusCode == HttpStatusCode.NotFound)
        {
            var created = await Admin.PostJsonAsync("/api/v1/nodes", $$$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{Node}}}"}}""");
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating the node: {(int)created.StatusCode}");
        }

        var name = Manifests.UniqueName(app[..5]);
        var pod = Manifests.Pod(name, Node);
        pod["metadata"]!["labels"]!["app"] = app;
        await Admin.CreateAsync(Manifests.Pods, pod);
        var readiness = ready ? "True" : "False";
        var conditions = string.Join(",", ((string[])["Ready", "ContainersReady"]).Select(type =>
            $$"""{"type":"{{type}}","status":"{{readiness}}","lastTransitionTime":"2026-01-01T00:00:00Z"}"""));
        var report = await Admin.PatchRetryingAsync($"{Manifests.Pods}/{name}/status", "{\"status\":{\"phase\":\"Running\",\"conditions\":[" + conditions + "]}}");
        await report.ExpectAsync(HttpStatusCode.OK);
        return name;
    }

    private async Task<(string Node, HttpClient Client)> JoinAsync()
    {
        var token = (string)(await (await Admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName("cordon");
        var joined = await (await _server.CreateClient(token).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (node, _server.CreateClient((string)joined["token"]!));
    }

    /// <summary>What an agent reports: capacity, the process runtime and Ready, through its node's status subresource.</summary>
    private static async Task ReportReadyAsync(HttpClient nodeClient, string node)
    {
        await nodeClient.PutJsonAsync($"/agent/v1/nodes/{node}/lease", $$"""{"holderIdentity":"{{node}}","leaseDurationSeconds":40}""");
        var response = await nodeClient.PatchJsonAsync($"/api/v1/nodes/{node}/status", """
            {"status":{
              "capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
              "allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
              "runtimeHandlers":[{"name":"process"}],
              "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"agent is posting ready status"}]}}
            """);
        await response.ExpectAsync(HttpStatusCode.OK);
    }
}
