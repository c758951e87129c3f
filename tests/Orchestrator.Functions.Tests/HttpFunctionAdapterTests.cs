using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class HttpFunctionAdapterTests
{
    [Fact]
    public async Task HandleAsync_TablesCannotBeCreated_Answers503StatusAndTriesAgainNextRequest()
    {
        var attempts = 0;
        using var controlPlane = new TestControlPlane(_ =>
            ++attempts == 1 ? Task.FromException(new InvalidOperationException("storage unreachable")) : Task.CompletedTask);
        var key = await controlPlane.AdminKeyAsync();
        var functions = controlPlane.Create<CoreObjectFunctions>();

        var first = TestControlPlane.Request("GET", "/api/v1/namespaces/default/pods", key);
        await functions.CoreNamespacedCollection(first, "default", "pods");
        var second = TestControlPlane.Request("GET", "/api/v1/namespaces/default/pods", key);
        await functions.CoreNamespacedCollection(second, "default", "pods");

        Assert.Equal(503, first.HttpContext.Response.StatusCode);
        var status = TestControlPlane.ResponseJson(first);
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("ServiceUnavailable", status.GetProperty("reason").GetString());
        Assert.Equal(200, second.HttpContext.Response.StatusCode);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task HandleAsync_AnonymousRoute_DoesNotNeedTheStore()
    {
        using var controlPlane = new TestControlPlane(_ => Task.FromException(new InvalidOperationException("storage unreachable")));
        var request = TestControlPlane.Request("GET", "/healthz");

        await controlPlane.Create<DiscoveryFunctions>().Healthz(request);

        Assert.Equal(200, request.HttpContext.Response.StatusCode);
    }
}
