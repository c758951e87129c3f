using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Api;

public sealed class StoredJsonListTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    [Fact]
    public async Task Write_StoredDeployments_IsTheListTheObjectsWouldWriteWithTheirVersions()
    {
        // A Deployment has a nested metadata (its pod template's) that must stay as it is.
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("api"));
        var kind = ResourceRegistry.Deployments;
        var query = new ObjectListQuery(TestControlPlane.Tenant, kind.QualifiedName, TestControlPlane.Namespace, Limit: 1);
        var stored = await _controlPlane.Objects.ListStoredAsync(kind, query, CancellationToken.None);
        var (objects, continueToken) = await _controlPlane.Objects.ListAsync(kind, query, CancellationToken.None);

        var fast = JsonNode.Parse(StoredJsonList.Write(kind, stored.Items, new ListMeta { Continue = stored.Continue }));
        var slow = JsonNode.Parse(kind.SerializeList([.. objects.Select(o => o.Object)], new ListMeta { Continue = continueToken }));

        Assert.True(JsonNode.DeepEquals(slow, fast), $"{slow}\n{fast}");
        Assert.Equal(stored.Items[0].ResourceVersion, (string?)fast!["items"]![0]!["metadata"]!["resourceVersion"]);
        Assert.Null(fast["items"]![0]!["spec"]!["template"]!["metadata"]!["resourceVersion"]);
    }

    [Theory]
    [InlineData("""{"metadata":{}}""", """{"metadata":{"resourceVersion":"42"}}""")]
    [InlineData("""{"kind":"Pod","spec":{"metadata":{"name":"inner"}},"metadata":{"name":"a"}}""", """{"kind":"Pod","spec":{"metadata":{"name":"inner"}},"metadata":{"resourceVersion":"42","name":"a"}}""")]
    public void WithResourceVersion_PutsTheVersionIntoTheTopLevelMetadataOnly(string json, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(StoredJsonList.WithResourceVersion(Encoding.UTF8.GetBytes(json), "42")));
    }

    public void Dispose() => _controlPlane.Dispose();
}
