using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// <c>POST deployments/{name}/rollback</c> and <c>GET deployments/{name}/history</c> on the standalone server, with its
/// controllers running: what <c>kubectl rollout undo</c> and <c>kubectl rollout history</c> show.
/// </summary>
public sealed class RolloutTests : IClassFixture<ServerFixture>
{
    private const string Image = "gcr.io/google-samples/gb-frontend";

    private readonly ServerFixture _server;

    public RolloutTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task History_ImageChangedTwice_ListsThreeRevisionsOldestFirst()
    {
        var name = await ThreeRevisionsAsync("hist");

        var history = await HistoryAsync(name, revisions => revisions.Count == 3);

        Assert.Equal([1L, 2L, 3L], history.Select(static r => (long)r["revision"]!));
        Assert.Equal([$"{Image}:v5", $"{Image}:v6", $"{Image}:v7"], history.Select(static r => (string?)r["images"]![0]));
        Assert.Equal([null, "release v6", "release v7"], history.Select(static r => (string?)r["changeCause"]));
        Assert.All(history, r => Assert.StartsWith(name + "-", (string)r["replicaSet"]!, StringComparison.Ordinal));
        Assert.All(history, r => Assert.NotNull((string?)r["creationTimestamp"]));
        Assert.All(history, r => Assert.Null(r["template"]!["metadata"]!["labels"]!["pod-template-hash"]));
    }

    [Fact]
    public async Task Rollback_ToRevisionOne_RestoresItsTemplateAndMakesItRevisionFour()
    {
        var name = await ThreeRevisionsAsync("undo");
        var first = (await HistoryAsync(name, revisions => revisions.Count == 3))[0];

        var response = await Admin.PostJsonAsync(RollbackPath(name), Rollback(name, 1));

        var deployment = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Deployment", (string?)deployment["kind"]);
        Assert.Equal($"{Image}:v5", (string?)deployment.Container()["image"]);
        Assert.Equal(first["template"]!.ToJsonString(), deployment["spec"]!["template"]!.ToJsonString());
        Assert.Null(deployment["metadata"]!["annotations"]?["kubernetes.io/change-cause"]);
        var history = await HistoryAsync(name, revisions => revisions.Count == 3 && (long)revisions[^1]["revision"]! == 4);
        Assert.Equal([2L, 3L, 4L], history.Select(static r => (long)r["revision"]!));
        Assert.Equal(((string?)first["replicaSet"], $"{Image}:v5"), ((string?)history[^1]["replicaSet"], (string?)history[^1]["images"]![0]));
        await Eventually.MatchesAsync(
            () => Admin.GetObjectAsync($"{Manifests.Deployments}/{name}"),
            d => (string?)d["metadata"]!["annotations"]?["deployment.kubernetes.io/revision"] == "4",
            "the Deployment's revision annotation to reach 4");
    }

    [Fact]
    public async Task Rollback_WithoutRevision_GoesToThePreviousOne()
    {
        var name = await ThreeRevisionsAsync("prev");
        await HistoryAsync(name, revisions => revisions.Count == 3);

        var response = await Admin.PostJsonAsync(RollbackPath(name), JsonNode.Parse($$"""{"kind":"DeploymentRollback","apiVersion":"apps/v1","name":"{{name}}"}""")!);

        var deployment = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"{Image}:v6", (string?)deployment.Container()["image"]);
        Assert.Equal("release v6", (string?)deployment["metadata"]!["annotations"]!["kubernetes.io/change-cause"]);
    }

    [Fact]
    public async Task Rollback_UnknownRevision_Returns404NamingTheRevision()
    {
        var name = await ThreeRevisionsAsync("miss");
        await HistoryAsync(name, revisions => revisions.Count == 3);

        var response = await Admin.PostJsonAsync(RollbackPath(name), Rollback(name, 7));

        var status = await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("unable to find specified revision 7 in history", (string?)status["message"]);
    }

    [Fact]
    public async Task Rollback_ToTheCurrentTemplate_Returns200WithAWarningAndChangesNothing()
    {
        var name = Manifests.UniqueName("same");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var before = await Admin.SettledAsync($"{Manifests.Deployments}/{name}");
        await HistoryAsync(name, revisions => revisions.Count == 1);

        using var response = await Admin.PostJsonAsync(RollbackPath(name), Rollback(name, 1));

        var deployment = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("skipped rollback (current template already matches revision 1)", StringComparison.Ordinal));
        Assert.Equal(before.Generation(), deployment.Generation());
        Assert.Equal(before.Generation(), (await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}")).Generation());
    }

    [Fact]
    public async Task Rollback_PausedDeployment_Returns409AsKubectlRefusesIt()
    {
        var name = await ThreeRevisionsAsync("paused");
        await HistoryAsync(name, revisions => revisions.Count == 3);
        await (await Admin.PatchRetryingAsync($"{Manifests.Deployments}/{name}", """{"spec":{"paused":true}}""")).ExpectAsync(HttpStatusCode.OK);

        var response = await Admin.PostJsonAsync(RollbackPath(name), Rollback(name, 1));

        var status = await response.ExpectStatusAsync(HttpStatusCode.Conflict, "Conflict");
        Assert.Contains("cannot rollback a paused deployment", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal($"{Image}:v7", (string?)(await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}")).Container()["image"]);
    }

    [Theory]
    [InlineData("""{"kind":"DeploymentRollback","name":"NAME","rollbackTo":{"revision":-1}}""", HttpStatusCode.UnprocessableEntity, "Invalid", "rollbackTo.revision")]
    [InlineData("""{"kind":"DeploymentRollback","rollbackTo":{"revision":1}}""", HttpStatusCode.UnprocessableEntity, "Invalid", "name")]
    [InlineData("""{"kind":"DeploymentRollback","name":"NAME","rollbackTo":{"revison":1}}""", HttpStatusCode.BadRequest, "BadRequest", "rollbackTo.revison")]
    [InlineData("""{"kind":"DeploymentRollback","name":"someone-else"}""", HttpStatusCode.BadRequest, "BadRequest", "name")]
    [InlineData("""{"kind":"Deployment","name":"NAME"}""", HttpStatusCode.BadRequest, "BadRequest", "kind")]
    public async Task Rollback_BadBody_IsRefusedNamingTheField(string body, HttpStatusCode code, string reason, string field)
    {
        var name = Manifests.UniqueName("bad");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        var response = await Admin.PostJsonAsync(RollbackPath(name), body.Replace("NAME", name, StringComparison.Ordinal));

        var status = await response.ExpectStatusAsync(code, reason);
        Assert.Contains(field, status.CauseFields());
    }

    [Fact]
    public async Task RolloutRoutes_UnknownDeploymentOrWrongMethod_AreRefused()
    {
        var name = Manifests.UniqueName("none");

        await (await Admin.PostJsonAsync(RollbackPath(name), Rollback(name, 0))).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        await (await Admin.GetAsync($"{Manifests.Deployments}/{name}/history")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        await (await Admin.GetAsync(RollbackPath(name))).ExpectStatusAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        await (await Admin.PostJsonAsync($"{Manifests.Deployments}/{name}/history", "{}")).ExpectStatusAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task Discovery_AppsV1_ListsTheRollbackAndHistorySubresources()
    {
        var resources = (await Admin.GetObjectAsync("/apis/apps/v1"))["resources"]!.AsArray();

        var rollback = Assert.Single(resources, r => (string?)r!["name"] == "deployments/rollback")!;
        Assert.Equal(["create"], rollback["verbs"]!.AsArray().Select(static v => (string?)v));
        var history = Assert.Single(resources, r => (string?)r!["name"] == "deployments/history")!;
        Assert.Equal(["get"], history["verbs"]!.AsArray().Select(static v => (string?)v));
    }

    /// <summary>A Deployment released three times: images v5, v6 (cause "release v6") and v7 (cause "release v7").</summary>
    private async Task<string> ThreeRevisionsAsync(string prefix)
    {
        var name = Manifests.UniqueName(prefix);
        var path = $"{Manifests.Deployments}/{name}";
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 1));
        foreach (var version in new[] { "v6", "v7" })
        {
            // Each release waits until the controller has made the previous one's ReplicaSet.
            await Admin.SettledAsync(path);
            await (await Admin.UpdateAsync(path, d =>
            {
                d.Container()["image"] = $"{Image}:{version}";
                ((d["metadata"]!["annotations"] ??= new JsonObject()).AsObject())["kubernetes.io/change-cause"] = $"release {version}";
            })).ExpectAsync(HttpStatusCode.OK);
        }

        return name;
    }

    private Task<List<JsonObject>> HistoryAsync(string name, Func<List<JsonObject>, bool> condition) =>
        Eventually.MatchesAsync(
            async () =>
            {
                var history = await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}/history");
                Assert.Equal(("DeploymentHistory", "apps/v1", name), ((string?)history["kind"], (string?)history["apiVersion"], (string?)history["metadata"]!["name"]));
                return history["revisions"]!.AsArray().Select(static r => r!.AsObject()).ToList();
            },
            condition,
            $"the rollout history of {name}");

    private static string RollbackPath(string name) => $"{Manifests.Deployments}/{name}/rollback";

    private static JsonObject Rollback(string name, long revision) =>
        JsonNode.Parse($$$"""{"kind":"DeploymentRollback","apiVersion":"apps/v1","name":"{{{name}}}","rollbackTo":{"revision":{{{revision}}}}}""")!.AsObject();
}
