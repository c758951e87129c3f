using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// Input a client gets wrong is answered with the Kubernetes Status of the mistake, never a 5xx, and writes nothing.
/// </summary>
public sealed class BadInputTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public BadInputTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task CreateDeployment_MalformedJson_Returns400AndCreatesNothing()
    {
        var name = Manifests.UniqueName("broken");
        var text = Manifests.FrontendDeployment(name).ToJsonString();

        var response = await Admin.PostJsonAsync(Manifests.Deployments, text[..(text.Length / 2)]);

        await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_UnknownContainerField_Returns400NamingTheFieldPath()
    {
        var name = Manifests.UniqueName("unknown");
        var manifest = Manifests.FrontendDeployment(name);
        manifest.Container()["foo"] = "bar";

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["spec.template.spec.containers[0].foo"], status.CauseFields());
        Assert.Contains("unknown field \"spec.template.spec.containers[0].foo\"", (string?)status["message"], StringComparison.Ordinal);
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_UnknownTopLevelField_Returns400NamingIt()
    {
        var name = Manifests.UniqueName("unknown");
        var manifest = Manifests.FrontendDeployment(name);
        manifest["specs"] = new JsonObject();

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["specs"], status.CauseFields());
        await AssertNothingCreatedAsync(name);
    }

    [Theory]
    [InlineData("kind", "Pod")]
    [InlineData("kind", "ReplicaSet")]
    [InlineData("apiVersion", "apps/v1beta1")]
    [InlineData("apiVersion", "v1")]
    public async Task CreateDeployment_KindOrApiVersionOfAnotherType_Returns400AndCreatesNothing(string field, string value)
    {
        var name = Manifests.UniqueName("wrongtype");
        var manifest = Manifests.FrontendDeployment(name);
        manifest[field] = value;

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal([field], status.CauseFields());
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_NamespaceInBodyDiffersFromUrl_Returns400AndCreatesNothing()
    {
        var name = Manifests.UniqueName("elsewhere");
        var manifest = Manifests.FrontendDeployment(name);
        manifest["metadata"]!["namespace"] = "kube-system";

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["metadata.namespace"], status.CauseFields());
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_ReplicasAsString_Returns400NamingSpecReplicas()
    {
        var name = Manifests.UniqueName("typed");
        var manifest = Manifests.FrontendDeployment(name);
        manifest["spec"]!["replicas"] = "three";

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["spec.replicas"], status.CauseFields());
        await AssertNothingCreatedAsync(name);
    }

    /// <summary>A case name, and the Kubernetes field path its 422 must name.</summary>
    public static TheoryData<string, string> InvalidSpecs => new()
    {
        { "missing selector", "spec.selector" },
        { "selector not matching template labels", "spec.template.metadata.labels" },
        { "replicas -1", "spec.replicas" },
        // Kubernetes renders a map key as [key]: field.NewPath(...).Child("requests").Key("cpu").
        { "cpu abc", "spec.template.spec.containers[0].resources.requests[cpu]" },
        { "name Bad_Name", "metadata.name" },
        { "duplicate container names", "spec.template.spec.containers[1].name" },
        { "missing image", "spec.template.spec.containers[0].image" },
        { "template restartPolicy Never", "spec.template.spec.restartPolicy" },
        { "containerPort 70000", "spec.template.spec.containers[0].ports[0].containerPort" },
        { "maxSurge abc", "spec.strategy.rollingUpdate.maxSurge" },
        { "no containers", "spec.template.spec.containers" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task CreateDeployment_InvalidSpec_Returns422WithTheKubernetesFieldPathAndCreatesNothing(string mistake, string field)
    {
        var name = Manifests.UniqueName("invalid");
        var manifest = Manifests.FrontendDeployment(name);
        var spec = manifest["spec"]!.AsObject();
        switch (mistake)
        {
            case "missing selector": spec.Remove("selector"); break;
            case "selector not matching template labels": spec["selector"]!["matchLabels"]!["tier"] = "backend"; break;
            case "replicas -1": spec["replicas"] = -1; break;
            case "cpu abc": manifest.Container()["resources"]!["requests"]!["cpu"] = "abc"; break;
            case "name Bad_Name": manifest["metadata"]!["name"] = "Bad_Name"; break;
            case "duplicate container names": spec["template"]!["spec"]!["containers"]!.AsArray().Add(manifest.Container().DeepClone()); break;
            case "missing image": manifest.Container().Remove("image"); break;
            case "template restartPolicy Never": spec["template"]!["spec"]!["restartPolicy"] = "Never"; break;
            case "containerPort 70000": manifest.Container()["ports"]![0]!["containerPort"] = 70000; break;
            case "maxSurge abc": spec["strategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"abc"}}"""); break;
            case "no containers": spec["template"]!["spec"]!["containers"] = new JsonArray(); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "unknown case");
        }

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains(field, status.CauseFields());
        Assert.Equal("Deployment", (string?)status["details"]!["kind"]);
        Assert.Equal("apps", (string?)status["details"]!["group"]);
        Assert.Contains("is invalid", (string?)status["message"], StringComparison.Ordinal);
        Assert.Contains(field, (string?)status["message"], StringComparison.Ordinal);
        await AssertNothingCreatedAsync(name, (string)manifest["metadata"]!["name"]!);
    }

    [Fact]
    public async Task PatchDeployment_NegativeReplicas_Returns422AndKeepsTheObject()
    {
        var name = Manifests.UniqueName("patchbad");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        var response = await Admin.PatchJsonAsync($"{Manifests.Deployments}/{name}", """{"spec":{"replicas":-1}}""");

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal(["spec.replicas"], status.CauseFields());
        var read = await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}");
        Assert.Equal(0, (int?)read["spec"]!["replicas"]);
        Assert.Equal(1, read.Generation());
    }

    [Fact]
    public async Task PatchDeployment_ChangingTheSelector_Returns422BecauseItIsImmutable()
    {
        var name = Manifests.UniqueName("selector");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        var response = await Admin.PatchJsonAsync($"{Manifests.Deployments}/{name}", """
            {"spec":{"selector":{"matchLabels":{"extra":"x"}},"template":{"metadata":{"labels":{"extra":"x"}}}}}
            """);

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("spec.selector", status.CauseFields());
        var read = await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}");
        Assert.False(read["spec"]!["selector"]!["matchLabels"]!.AsObject().ContainsKey("extra"));
    }

    [Fact]
    public async Task PatchDeployment_BodyIsAnArray_Returns400()
    {
        var name = Manifests.UniqueName("patcharray");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        var response = await Admin.PatchJsonAsync($"{Manifests.Deployments}/{name}", """[{"op":"replace","path":"/spec/replicas","value":3}]""");

        await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(0, (int?)(await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}"))["spec"]!["replicas"]);
    }

    [Fact]
    public async Task CreateDeployment_BodyOverOneMebibyte_Returns413AndCreatesNothing()
    {
        var name = Manifests.UniqueName("huge");
        var manifest = Manifests.FrontendDeployment(name);
        manifest["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 1100 * 1024) };

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        await response.ExpectStatusAsync(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_ChunkedBodyOverOneMebibyte_Returns413AndCreatesNothing()
    {
        var name = Manifests.UniqueName("hugechunked");
        var manifest = Manifests.FrontendDeployment(name);
        manifest["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 1100 * 1024) };
        // A stream of unknown length: no Content-Length, so the server must count while it reads.
        using var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(manifest.ToJsonString())));
        content.Headers.ContentType = new("application/json");

        var response = await Admin.PostAsync(Manifests.Deployments, content);

        await response.ExpectStatusAsync(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        await AssertNothingCreatedAsync(name);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/yaml")]
    [InlineData("application/merge-patch+json")]
    [InlineData(null)]
    public async Task CreateDeployment_ContentTypeNotJson_Returns415AndCreatesNothing(string? contentType)
    {
        var name = Manifests.UniqueName("mediatype");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Manifests.FrontendDeployment(name).ToJsonString()));
        if (contentType is not null)
        {
            content.Headers.ContentType = new(contentType);
        }

        var response = await Admin.PostAsync(Manifests.Deployments, content);

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.Contains("application/json", (string?)status["message"], StringComparison.Ordinal);
        await AssertNothingCreatedAsync(name);
    }

    [Fact]
    public async Task CreateDeployment_JsonWithCharsetParameter_Returns201()
    {
        var name = Manifests.UniqueName("charset");

        var response = await Admin.PostJsonAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0), "application/json; charset=utf-8");

        Assert.Equal(name, (await response.ExpectAsync(HttpStatusCode.Created)).Name());
    }

    [Theory]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/default/deployments")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/default/deployments")]
    [InlineData("DELETE", "/api/v1/namespaces/default/pods")]
    [InlineData("POST", "/apis/apps/v1/namespaces/default/deployments/some-name")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/default/deployments/some-name/status")]
    public async Task UnservedMethod_OnAServedPath_Returns405Status(string method, string path)
    {
        var response = await Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ExpectStatusAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task DeleteCollection_WithDeploymentsPresent_Returns405AndDeletesNothing()
    {
        var name = Manifests.UniqueName("survivor");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        var response = await Admin.DeleteAsync(Manifests.Deployments);

        await response.ExpectStatusAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal(name, (await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}")).Name());
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/widgets")]
    [InlineData("/apis/apps/v1/namespaces/default/widgets")]
    [InlineData("/apis/apps/v2/namespaces/default/deployments")]
    [InlineData("/api/v1/namespaces/default/deployments")]
    [InlineData("/api/v1/namespaces/default/nodes")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments/some-name/scale")]
    [InlineData("/api/v1/namespaces/default/events/some-name/status")]
    [InlineData("/no/such/path")]
    public async Task Get_UnknownResourcePath_Returns404Status(string path)
    {
        var response = await Admin.GetAsync(path);

        await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task CreateDeployment_NamespaceDoesNotExist_Returns404NamingTheNamespace()
    {
        var ns = Manifests.UniqueName("nowhere");
        var name = Manifests.UniqueName("lost");

        var response = await Admin.PostJsonAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Manifests.FrontendDeployment(name));

        var status = await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(ns, (string?)status["details"]!["name"]);
        Assert.Equal("namespaces", (string?)status["details"]!["kind"]);
        await (await Admin.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task CreateDeployment_VolumeMountsKeptButNotImplemented_Returns201WithWarningNamingThePath()
    {
        var name = Manifests.UniqueName("mounts");
        var manifest = Manifests.FrontendDeployment(name, replicas: 0);
        manifest.Container()["volumeMounts"] = JsonNode.Parse("""[{"name":"data","mountPath":"/healthz","readOnly":true}]""");

        var response = await Admin.PostJsonAsync(Manifests.Deployments, manifest);

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.True(response.Headers.TryGetValues("Warning", out var warnings), "a Warning header is sent");
        var warning = Assert.Single(warnings);
        Assert.StartsWith("299 - \"", warning, StringComparison.Ordinal);
        Assert.Contains("spec.template.spec.containers[0].volumeMounts", warning, StringComparison.Ordinal);
        // Kept: a client reading the object back sees what it sent.
        Assert.Equal("/healthz", (string?)created.Container()["volumeMounts"]![0]!["mountPath"]);
        var read = await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}");
        Assert.True((bool?)read.Container()["volumeMounts"]![0]!["readOnly"]);
    }

    [Fact]
    public async Task CreateDeployment_OnlyImplementedFields_SendsNoWarning()
    {
        var response = await Admin.PostJsonAsync(Manifests.Deployments, Manifests.FrontendDeployment(Manifests.UniqueName("plain"), replicas: 0));

        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Warning"));
    }

    /// <summary>A case name of a body no Kubernetes client should send; each must be refused with a 4xx Status.</summary>
    public static TheoryData<string> HostileBodies => new()
    {
        "metadata null",
        "spec null",
        "template spec null",
        "containers [null]",
        "ownerReferences [null]",
        "replicas 1e100",
        "maxSurge 1.5",
        "creationTimestamp garbage",
        "nesting deeper than 64",
        "body null",
        "body array",
        "body number",
        "pod request null beside limits",
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task CreateObject_HostileBody_Returns4xxStatusAndCreatesNothing(string hostile)
    {
        var name = Manifests.UniqueName("hostile");
        var path = Manifests.Deployments;
        var manifest = Manifests.FrontendDeployment(name);
        object body = manifest;
        switch (hostile)
        {
            case "metadata null": manifest["metadata"] = null; break;
            case "spec null": manifest["spec"] = null; break;
            case "template spec null": manifest["spec"]!["template"]!["spec"] = null; break;
            case "containers [null]": manifest["spec"]!["template"]!["spec"]!["containers"] = new JsonArray((JsonNode?)null); break;
            case "ownerReferences [null]": manifest["metadata"]!["ownerReferences"] = new JsonArray((JsonNode?)null); break;
            case "replicas 1e100": body = manifest.ToJsonString().Replace("\"replicas\":3", "\"replicas\":1e100", StringComparison.Ordinal); break;
            case "maxSurge 1.5": manifest["spec"]!["strategy"] = JsonNode.Parse("""{"rollingUpdate":{"maxSurge":1.5}}"""); break;
            case "creationTimestamp garbage": manifest["metadata"]!["creationTimestamp"] = "yesterday"; break;
            case "nesting deeper than 64":
                // livenessProbe is kept as raw JSON, so only the depth limit stands between it and the parser.
                manifest.Container()["livenessProbe"] = "DEEP";
                body = manifest.ToJsonString().Replace("\"DEEP\"", new string('[', 100) + new string(']', 100), StringComparison.Ordinal);
                break;
            case "body null": body = "null"; break;
            case "body array": body = "[]"; break;
            case "body number": body = "42"; break;
            case "pod request null beside limits":
                path = Manifests.Pods;
                var pod = Manifests.Pod(name);
                pod["spec"]!["containers"]![0]!["resources"] = JsonNode.Parse("""{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":null}}""");
                body = pod;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(hostile), hostile, "unknown case");
        }

        var response = await Admin.PostJsonAsync(path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{hostile}: expected a 4xx, got {(int)response.StatusCode}: {text}");
        Assert.Equal("Status", (string?)JsonNode.Parse(text)!["kind"]);
        await (await Admin.GetAsync($"{path}/{name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task ReplaceDeployment_MetadataNull_Returns4xxAndChangesNothing()
    {
        var name = Manifests.UniqueName("nullmeta");
        await Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var body = Manifests.FrontendDeployment(name, replicas: 6);
        body["metadata"] = null;

        var response = await Admin.PutJsonAsync($"{Manifests.Deployments}/{name}", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"expected a 4xx, got {(int)response.StatusCode}: {text}");
        Assert.Equal(0, (int?)(await Admin.GetObjectAsync($"{Manifests.Deployments}/{name}"))["spec"]!["replicas"]);
    }

    private async Task AssertNothingCreatedAsync(string name, string? storedName = null)
    {
        await (await Admin.GetAsync($"{Manifests.Deployments}/{storedName ?? name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Empty(await Admin.ListAsync($"{Manifests.Deployments}?labelSelector=run%3D{name}"));
    }

    /// <summary>A readable stream that does not tell its length, so the request is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
