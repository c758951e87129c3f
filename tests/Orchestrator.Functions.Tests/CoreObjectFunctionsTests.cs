using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class CoreObjectFunctionsTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}
        """;

    [Fact]
    public async Task CoreNamespacedCollection_WithoutCredentials_Answers401Status()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/api/v1/namespaces/default/pods");

        await controlPlane.Create<CoreObjectFunctions>().CoreNamespacedCollection(request, "default", "pods");

        Assert.Equal(401, request.HttpContext.Response.StatusCode);
        Assert.StartsWith("application/json", request.HttpContext.Response.ContentType, StringComparison.Ordinal);
        var status = TestControlPlane.ResponseJson(request);
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("v1", status.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal("Unauthorized", status.GetProperty("reason").GetString());
        Assert.Equal(401, status.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task CoreNamespacedCollection_PostedPod_IsReadBackThroughCoreNamespacedItem()
    {
        using var controlPlane = new TestControlPlane();
        var key = await controlPlane.AdminKeyAsync();
        var functions = controlPlane.Create<CoreObjectFunctions>();

        var create = TestControlPlane.Request("POST", "/api/v1/namespaces/default/pods", key, Pod);
        await functions.CoreNamespacedCollection(create, "default", "pods");
        var get = TestControlPlane.Request("GET", "/api/v1/namespaces/default/pods/web", key);
        await functions.CoreNamespacedItem(get, "default", "pods", "web");

        Assert.Equal(201, create.HttpContext.Response.StatusCode);
        Assert.Equal(200, get.HttpContext.Response.StatusCode);
        var pod = TestControlPlane.ResponseJson(get);
        Assert.Equal("web", pod.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("default", pod.GetProperty("metadata").GetProperty("namespace").GetString());
        Assert.Equal(
            TestControlPlane.ResponseJson(create).GetProperty("metadata").GetProperty("uid").GetString(),
            pod.GetProperty("metadata").GetProperty("uid").GetString());
    }

    [Fact]
    public async Task CoreItem_DefaultNamespace_IsFoundAtTheClusterScope()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/api/v1/namespaces/default", await controlPlane.AdminKeyAsync());

        await controlPlane.Create<CoreObjectFunctions>().CoreItem(request, "namespaces", "default");

        Assert.Equal(200, request.HttpContext.Response.StatusCode);
        Assert.Equal("Namespace", TestControlPlane.ResponseJson(request).GetProperty("kind").GetString());
    }
}
