using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// What the in-process loops do with a Deployment: a ReplicaSet, its pods, scaling and cascading deletion. No agent
/// runs and no node exists, so the pods stay Pending and unscheduled.
/// </summary>
public class ControllerTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public ControllerTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task CreateDeployment_ControllersRun_CreateAReplicaSetNamedWithTheTemplateHashAndOwnedByTheDeployment()
    {
        var name = Manifests.UniqueName("ctl");
        var deployment = await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 2));

        var replicaSet = Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));

        var hash = (string?)replicaSet["metadata"]!["labels"]!["pod-template-hash"];
        Assert.False(string.IsNullOrEmpty(hash));
        Assert.Equal($"{name}-{hash}", replicaSet.Name());
        var owner = Assert.Single(replicaSet["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("apps/v1", (string?)owner["apiVersion"]);
        Assert.Equal("Deployment", (string?)owner["kind"]);
        Assert.Equal(name, (string?)owner["name"]);
        Assert.Equal(deployment.Uid(), (string?)owner["uid"]);
        Assert.True((bool?)owner["controller"]);
        Assert.Equal(2, (int?)replicaSet["spec"]!["replicas"]);
        Assert.Equal(hash, (string?)replicaSet["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]);
        Assert.Equal(hash, (string?)replicaSet["spec"]!["template"]!["metadata"]!["labels"]!["pod-template-hash"]);
    }

    [Fact]
    public async Task CreateDeployment_ControllersRun_CreateThatManyPendingPodsOwnedByTheReplicaSet()
    {
        var name = Manifests.UniqueName("ctl");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 3));

        var pods = await PodsOfAsync(name, count => count == 3);

        var replicaSet = Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));
        Assert.All(pods, pod =>
        {
            var owner = Assert.Single(pod["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal("ReplicaSet", (string?)owner["kind"]);
            Assert.Equal(replicaSet.Uid(), (string?)owner["uid"]);
            Assert.True((bool?)owner["controller"]);
            Assert.StartsWith(replicaSet.Name() + "-", pod.Name());
            Assert.Equal("Pending", (string?)pod["status"]!["phase"]);
            Assert.True(string.IsNullOrEmpty((string?)pod["spec"]!["nodeName"]), "no node exists, so no pod is bound");
            Assert.Equal("process", (string?)pod["spec"]!["runtimeClassName"]);
            Assert.Equal("gcr.io/google-samples/gb-frontend:v5", (string?)pod["spec"]!["containers"]![0]!["image"]);
        });
        Assert.Equal(3, pods.Select(p => p.Name()).Distinct().Count());
    }

    [Fact]
    public async Task CreateDeployment_ControllersRun_ReportReplicasInTheDeploymentStatus()
    {
        var name = Manifests.UniqueName("ctl");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 2));

        var deployment = await Eventually.MatchesAsync(
            () => Admin.GetObjectAsync($"{Manifests.Deployments}/{name}"),
            d => (int?)d["status"]?["replicas"] == 2 && (long?)d["status"]?["observedGeneration"] == 1,
            "status.replicas 2 and status.observedGeneration 1");

        Assert.NotEqual(2, (int?)deployment["status"]!["availableReplicas"]);
    }

    [Fact]
    public async Task PatchDeploymentReplicas_ScaleUpThenDown_ChangesThePodCount()
    {
        var name = Manifests.UniqueName("scale");
        var path = $"{Manifests.Deployments}/{name}";
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        await PodsOfAsync(name, count => count == 1);

        await (await Admin.PatchRetryingAsync(path, """{"spec":{"replicas":4}}""")).ExpectAsync(HttpStatusCode.OK);
        await PodsOfAsync(name, count => count == 4);

        await (await Admin.PatchRetryingAsync(path, """{"spec":{"replicas":2}}""")).ExpectAsync(HttpStatusCode.OK);
        var pods = await PodsOfAsync(name, count => count == 2);

        Assert.Equal(2, pods.Count);
        var replicaSet = Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));
        Assert.Equal(2, (int?)replicaSet["spec"]!["replicas"]);
    }

    [Fact]
    public async Task ReplaceDeploymentTemplate_NewImage_CreatesASecondReplicaSetWithAnotherHash()
    {
        var name = Manifests.UniqueName("roll");
        var path = $"{Manifests.Deployments}/{name}";
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        var first = Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));

        await (await Admin.UpdateAsync(path, d => d.Container()["image"] = "gcr.io/google-samples/gb-frontend:v6")).ExpectAsync(HttpStatusCode.OK);

        var replicaSets = await Eventually.MatchesAsync(
            () => Admin.ListAsync($"{Manifests.ReplicaSets}?labelSelector=run%3D{name}"),
            list => list.Any(rs => (string?)rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] == "gcr.io/google-samples/gb-frontend:v6"),
            "a ReplicaSet with the new image");
        var second = replicaSets.Single(rs => rs.Uid() != first.Uid());
        Assert.NotEqual(first["metadata"]!["labels"]!["pod-template-hash"]!.ToString(), second["metadata"]!["labels"]!["pod-template-hash"]!.ToString());
        Assert.StartsWith(name + "-", second.Name());
    }

    [Fact]
    public async Task DeleteDeployment_WithReplicaSetAndPods_GarbageCollectsThem()
    {
        var name = Manifests.UniqueName("gc");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 2));
        await PodsOfAsync(name, count => count == 2);
        Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));

        var response = await Admin.DeleteRetryingAsync($"{Manifests.Deployments}/{name}");
        await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(await ReplicaSetsOfAsync(name, count => count == 0));
        Assert.Empty(await PodsOfAsync(name, count => count == 0));
    }

    [Fact]
    public async Task DeleteDeployment_OrphanPropagation_KeepsTheReplicaSet()
    {
        var name = Manifests.UniqueName("orphan");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var replicaSet = Assert.Single(await ReplicaSetsOfAsync(name, count => count == 1));

        var response = await Admin.DeleteRetryingAsync($"{Manifests.Deployments}/{name}?propagationPolicy=Orphan");
        await response.ExpectAsync(HttpStatusCode.OK);
        // A cascading deletion of another deployment runs the collector; the orphan must survive that pass.
        var other = Manifests.UniqueName("cascade");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(other, replicas: 0));
        await ReplicaSetsOfAsync(other, count => count == 1);
        await (await Admin.DeleteRetryingAsync($"{Manifests.Deployments}/{other}")).ExpectAsync(HttpStatusCode.OK);
        await ReplicaSetsOfAsync(other, count => count == 0);

        Assert.Equal(replicaSet.Uid(), (await Admin.GetObjectAsync($"{Manifests.ReplicaSets}/{replicaSet.Name()}")).Uid());
    }

    [Fact]
    public async Task DeletePod_OfAReplicaSet_IsReplacedByANewPod()
    {
        var name = Manifests.UniqueName("heal");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        var original = Assert.Single(await PodsOfAsync(name, count => count == 1));

        await (await Admin.DeleteAsync($"{Manifests.Pods}/{original.Name()}")).ExpectAsync(HttpStatusCode.OK);

        var replacement = Assert.Single(await PodsMatchingAsync(name, pods => pods.Count == 1 && pods[0].Uid() != original.Uid()));
        Assert.NotEqual(original.Uid(), replacement.Uid());
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    public async Task ScaleDeployment_WithoutResourceVersionWhileControllersWriteStatus_NeverAnswers409(string method)
    {
        // No precondition was sent, so Kubernetes re-applies the change to the latest object instead of refusing it:
        // `kubectl scale`, `kubectl patch` and `kubectl replace` never fail because a controller updated the status meanwhile.
        var name = Manifests.UniqueName("busy");
        var path = $"{Manifests.Deployments}/{name}";
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        var answers = new List<int>();

        for (var i = 0; i < 60; i++)
        {
            var replicas = (i % 3) + 1;
            using var response = method == "PATCH"
                ? await Admin.PatchJsonAsync(path, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } })
                : await Admin.PutJsonAsync(path, Manifests.FrontendDeployment(name, replicas));
            answers.Add((int)response.StatusCode);
        }

        Assert.True(answers.All(code => code == 200), $"{method} answers: {string.Join(", ", answers)}");
    }

    [Fact]
    public async Task DeleteDeployment_WithoutPreconditionWhileControllersWriteStatus_Returns200()
    {
        // A DELETE without preconditions.resourceVersion deletes whatever version is current, as in Kubernetes.
        var answers = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            var name = Manifests.UniqueName("busydel");
            await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 3));

            using var response = await Admin.DeleteAsync($"{Manifests.Deployments}/{name}");
            answers.Add((int)response.StatusCode);
        }

        Assert.True(answers.All(code => code == 200), $"DELETE answers: {string.Join(", ", answers)}");
    }

    private Task<List<JsonObject>> ReplicaSetsOfAsync(string deployment, Func<int, bool> count) =>
        Eventually.MatchesAsync(
            () => Admin.ListAsync($"{Manifests.ReplicaSets}?labelSelector=run%3D{deployment}"),
            list => count(list.Count),
            $"the ReplicaSets of {deployment} to reach the expected count");

    private Task<List<JsonObject>> PodsOfAsync(string deployment, Func<int, bool> count) =>
        PodsMatchingAsync(deployment, pods => count(pods.Count));

    private Task<List<JsonObject>> PodsMatchingAsync(string deployment, Func<List<JsonObject>, bool> condition) =>
        Eventually.MatchesAsync(
            () => Admin.ListAsync($"{Manifests.Pods}?labelSelector=run%3D{deployment}"),
            condition,
            $"the pods of {deployment} to reach the expected state");
}

/// <summary>The same tests with the server on Table Storage (Azurite), where a tenant spans several partitions.</summary>
public sealed class ControllerOnTableTests(TableServerFixture server) : ControllerTests(server), IClassFixture<TableServerFixture>;
