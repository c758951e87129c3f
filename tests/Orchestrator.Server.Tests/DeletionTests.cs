using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// Kubernetes deletion over the standalone server and Azurite: graceful pod deletion finalized by the pod's own node,
/// finalizers, and foreground and orphan propagation.
/// </summary>
public class DeletionTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public DeletionTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task DeletePod_BoundToANode_StaysTerminatingAndNotReadyUntilItsOwnNodeFinalizesIt()
    {
        var (node, agent) = await JoinAsync();
        var (otherNode, otherAgent) = await JoinAsync();
        var name = Manifests.UniqueName("web");
        var uid = (await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(name, node))).Uid();
        await ReportReadyAsync(agent, node, name, uid);

        var deleted = await (await Admin.SendJsonAsync(HttpMethod.Delete, $"{Manifests.Pods}/{name}", """{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":20}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Pod", (string?)deleted["kind"]);
        Assert.Equal(20, (long?)deleted["metadata"]!["deletionGracePeriodSeconds"]);
        var deadline = DateTimeOffset.Parse((string)deleted["metadata"]!["deletionTimestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadline, DateTimeOffset.UtcNow.AddSeconds(15), DateTimeOffset.UtcNow.AddSeconds(25));
        Assert.Equal("False", Condition(deleted, "Ready"));
        Assert.Equal("False", Condition(deleted, "ContainersReady"));

        // The agent's next report, made before it saw the deletion, cannot turn the pod Ready again.
        await ReportReadyAsync(agent, node, name, uid);
        Assert.Equal("False", Condition(await Admin.GetObjectAsync($"{Manifests.Pods}/{name}"), "Ready"));

        await (await Finalize(otherAgent, otherNode, name, uid)).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await Finalize(agent, otherNode, name, uid)).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await Finalize(agent, node, name, Guid.NewGuid().ToString())).ExpectStatusAsync(HttpStatusCode.Conflict, "Conflict");
        Assert.Equal(uid, (await Admin.GetObjectAsync($"{Manifests.Pods}/{name}")).Uid());

        await (await Finalize(agent, node, name, uid)).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.GetAsync($"{Manifests.Pods}/{name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task DeletePod_AlreadyTerminating_ReturnsItAndOnlyEverShortensTheGracePeriod()
    {
        var (node, _) = await JoinAsync();
        var name = Manifests.UniqueName("web");
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(name, node));
        await (await Admin.DeleteAsync($"{Manifests.Pods}/{name}?gracePeriodSeconds=60")).ExpectAsync(HttpStatusCode.OK);

        var longer = await (await Admin.DeleteAsync($"{Manifests.Pods}/{name}?gracePeriodSeconds=600")).ExpectAsync(HttpStatusCode.OK);
        var again = await (await Admin.DeleteAsync($"{Manifests.Pods}/{name}")).ExpectAsync(HttpStatusCode.OK);
        var shorter = await (await Admin.DeleteAsync($"{Manifests.Pods}/{name}?gracePeriodSeconds=5")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(60, (long?)longer["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(60, (long?)again["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(5, (long?)shorter["metadata"]!["deletionGracePeriodSeconds"]);
    }

    [Fact]
    public async Task DeletePod_GraceZeroOrUnbound_IsGoneAtOnce()
    {
        var (node, _) = await JoinAsync();
        var bound = Manifests.UniqueName("web");
        var unbound = Manifests.UniqueName("web");
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(bound, node));
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(unbound));

        var forced = await (await Admin.SendJsonAsync(HttpMethod.Delete, $"{Manifests.Pods}/{bound}", """{"gracePeriodSeconds":0}""")).ExpectAsync(HttpStatusCode.OK);
        var plain = await (await Admin.DeleteRetryingAsync($"{Manifests.Pods}/{unbound}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Success", (string?)forced["status"]);
        Assert.Equal("Success", (string?)plain["status"]);
        await (await Admin.GetAsync($"{Manifests.Pods}/{bound}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("?gracePeriodSeconds=-1", null)]
    [InlineData("?gracePeriodSeconds=soon", null)]
    [InlineData("", """{"gracePeriodSeconds":-5}""")]
    public async Task DeletePod_InvalidGracePeriod_Returns400NamingGracePeriodSecondsAndKeepsThePod(string query, string? body)
    {
        var (node, _) = await JoinAsync();
        var name = Manifests.UniqueName("web");
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(name, node));

        var response = await Admin.SendJsonAsync(HttpMethod.Delete, $"{Manifests.Pods}/{name}{query}", body);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["gracePeriodSeconds"], status.CauseFields());
        Assert.Null((await Admin.GetObjectAsync($"{Manifests.Pods}/{name}"))["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task FinalizePod_NotBeingDeleted_Returns409AndKeepsIt()
    {
        var (node, agent) = await JoinAsync();
        var name = Manifests.UniqueName("web");
        var uid = (await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(name, node))).Uid();

        await (await Finalize(agent, node, name, uid)).ExpectStatusAsync(HttpStatusCode.Conflict, "Conflict");

        Assert.Equal(uid, (await Admin.GetObjectAsync($"{Manifests.Pods}/{name}")).Uid());
    }

    [Fact]
    public async Task DeleteObjectWithFinalizer_StaysUntilTheLastFinalizerIsRemoved()
    {
        var name = Manifests.UniqueName("creds");
        var secrets = "/api/v1/namespaces/default/secrets";
        await Admin.CreateAsync(secrets, JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}","finalizers":["example.com/keep"]},"data":{"a":"Yg=="}}""")!.AsObject());

        var deleting = await (await Admin.DeleteAsync($"{secrets}/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, (long?)deleting["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(name, (await Admin.GetObjectAsync($"{secrets}/{name}")).Name());

        await (await Admin.PatchJsonAsync($"{secrets}/{name}", """{"metadata":{"deletionTimestamp":null}}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull((await Admin.GetObjectAsync($"{secrets}/{name}"))["metadata"]!["deletionTimestamp"]);

        await (await Admin.PatchJsonAsync($"{secrets}/{name}", """{"metadata":{"finalizers":null}}""")).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.GetAsync($"{secrets}/{name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task DeleteDeployment_Foreground_RemovesItsReplicaSetsAndPodsBeforeItself()
    {
        var name = Manifests.UniqueName("fg");
        var deployment = await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 2));
        await Eventually.MatchesAsync(() => OwnedPodsAsync(name), pods => pods.Count == 2, "two pods");

        var deleting = await (await Admin.SendJsonAsync(HttpMethod.Delete, $"{Manifests.Deployments}/{name}", """{"propagationPolicy":"Foreground"}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["foregroundDeletion"], deleting["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        await Eventually.MatchesAsync(async () => (await Admin.GetAsync($"{Manifests.Deployments}/{name}")).StatusCode, code => code == HttpStatusCode.NotFound, "the deployment to go");
        Assert.Empty(await OwnedPodsAsync(name));
        Assert.DoesNotContain(await Admin.ListAsync(Manifests.ReplicaSets), rs => rs["metadata"]!["ownerReferences"]?[0]?["uid"]?.ToString() == deployment.Uid());
    }

    [Fact]
    public async Task DeleteDeployment_Orphan_KeepsItsReplicaSetWithoutTheReference()
    {
        var name = Manifests.UniqueName("orph");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        await Eventually.MatchesAsync(() => OwnedPodsAsync(name), pods => pods.Count == 1, "one pod");

        await (await Admin.DeleteAsync($"{Manifests.Deployments}/{name}?propagationPolicy=Orphan")).ExpectAsync(HttpStatusCode.OK);

        await Eventually.MatchesAsync(async () => (await Admin.GetAsync($"{Manifests.Deployments}/{name}")).StatusCode, code => code == HttpStatusCode.NotFound, "the deployment to go");
        var replicaSet = Assert.Single(await Admin.ListAsync(Manifests.ReplicaSets), rs => rs.Name().StartsWith(name + "-", StringComparison.Ordinal));
        Assert.Null(replicaSet["metadata"]!["ownerReferences"]);
        Assert.Single(await OwnedPodsAsync(name));
    }

    private static string? Condition(JsonObject pod, string type) =>
        pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["status"]?.ToString();

    private static Task<HttpResponseMessage> Finalize(HttpClient agent, string node, string name, string uid) =>
        agent.SendJsonAsync(HttpMethod.Delete, $"/agent/v1/nodes/{node}/pods/default/{name}", $$$"""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"{{{uid}}}"}}""");

    private static async Task ReportReadyAsync(HttpClient agent, string node, string name, string uid)
    {
        var report = $$$"""
            {"items":[{"namespace":"default","name":"{{{name}}}","uid":"{{{uid}}}","status":{"phase":"Running","conditions":[
              {"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"},{"type":"PodScheduled","status":"True"}]}}]}
            """;
        var result = await (await agent.PostJsonAsync($"/agent/v1/nodes/{node}/podstatus", report)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(200, (int?)result["results"]![0]!["code"]);
    }

    private async Task<List<JsonObject>> OwnedPodsAsync(string deployment) =>
        [.. (await Admin.ListAsync(Manifests.Pods)).Where(p => p.Name().StartsWith(deployment + "-", StringComparison.Ordinal))];

    private async Task<(string Node, HttpClient Client)> JoinAsync()
    {
        var token = (string)(await (await Admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName("n1");
        var joined = await (await _server.CreateClient(token).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (node, _server.CreateClient((string)joined["token"]!));
    }
}

/// <summary>The same tests with the server on Table Storage (Azurite), where a tenant spans several partitions.</summary>
public sealed class DeletionOnTableTests(TableServerFixture server) : DeletionTests(server), IClassFixture<TableServerFixture>;
