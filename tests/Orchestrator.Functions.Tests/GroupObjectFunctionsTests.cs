using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class GroupObjectFunctionsTests
{
    internal const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
        """;

    [Fact]
    public async Task GroupNamespacedCollection_PostedDeployment_IsReadBackThroughGroupNamespacedItem()
    {
        using var controlPlane = new TestControlPlane();
        var key = await controlPlane.AdminKeyAsync();
        var functions = controlPlane.Create<GroupObjectFunctions>();

        var create = TestControlPlane.Request("POST", "/apis/apps/v1/namespaces/default/deployments", key, Deployment);
        await functions.GroupNamespacedCollection(create, "apps", "v1", "default", "deployments");
        var get = TestControlPlane.Request("GET", "/apis/apps/v1/namespaces/default/deployments/web", key);
        await functions.GroupNamespacedItem(get, "apps", "v1", "default", "deployments", "web");

        Assert.Equal(201, create.HttpContext.Response.StatusCode);
        Assert.Equal(200, get.HttpContext.Response.StatusCode);
        var deployment = TestControlPlane.ResponseJson(get);
        Assert.Equal("Deployment", deployment.GetProperty("kind").GetString());
        Assert.Equal(2, deployment.GetProperty("spec").GetProperty("replicas").GetInt32());
    }

    [Fact]
    public async Task GroupCollection_AcrossNamespaces_ListsThePostedDeployment()
    {
        using var controlPlane = new TestControlPlane();
        var key = await controlPlane.AdminKeyAsync();
        var functions = controlPlane.Create<GroupObjectFunctions>();
        await functions.GroupNamespacedCollection(
            TestControlPlane.Request("POST", "/apis/apps/v1/namespaces/default/deployments", key, Deployment), "apps", "v1", "default", "deployments");

        var list = TestControlPlane.Request("GET", "/apis/apps/v1/deployments", key);
        await functions.GroupCollection(list, "apps", "v1", "deployments");

        Assert.Equal(200, list.HttpContext.Response.StatusCode);
        var body = TestControlPlane.ResponseJson(list);
        Assert.Equal("DeploymentList", body.GetProperty("kind").GetString());
        Assert.Equal("web", Assert.Single(body.GetProperty("items").EnumerateArray()).GetProperty("metadata").GetProperty("name").GetString());
    }
}
