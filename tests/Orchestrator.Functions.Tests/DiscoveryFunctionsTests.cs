using Microsoft.AspNetCore.Mvc;
using Orchestrator.ControlPlane.Api;
using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class DiscoveryFunctionsTests
{
    [Fact]
    public async Task Healthz_WithoutCredentials_AnswersOk()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/healthz");

        var result = await controlPlane.Create<DiscoveryFunctions>().Healthz(request);

        Assert.IsType<EmptyResult>(result);
        Assert.Equal(200, request.HttpContext.Response.StatusCode);
        Assert.Equal("ok", TestControlPlane.ResponseJson(request).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Version_WithAdminKey_AnswersTheKubernetesVersion()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/version", await controlPlane.AdminKeyAsync());

        await controlPlane.Create<DiscoveryFunctions>().Version(request);

        Assert.Equal(200, request.HttpContext.Response.StatusCode);
        var body = TestControlPlane.ResponseJson(request);
        Assert.Equal("1", body.GetProperty("major").GetString());
        Assert.Equal(ApiDispatcher.KubernetesMinor, body.GetProperty("minor").GetString());
    }

    [Fact]
    public async Task Version_WithoutCredentials_Answers401Status()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/version");

        await controlPlane.Create<DiscoveryFunctions>().Version(request);

        Assert.Equal(401, request.HttpContext.Response.StatusCode);
        Assert.Equal("Unauthorized", TestControlPlane.ResponseJson(request).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task GroupResources_Apps_ListsDeployments()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/apis/apps/v1", await controlPlane.AdminKeyAsync());

        await controlPlane.Create<DiscoveryFunctions>().GroupResources(request, "apps", "v1");

        Assert.Equal(200, request.HttpContext.Response.StatusCode);
        var body = TestControlPlane.ResponseJson(request);
        Assert.Equal("apps/v1", body.GetProperty("groupVersion").GetString());
        Assert.Contains(body.GetProperty("resources").EnumerateArray(), r => r.GetProperty("name").GetString() == "deployments");
    }
}
