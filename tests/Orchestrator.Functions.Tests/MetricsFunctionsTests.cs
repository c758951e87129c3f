using System.Text;
using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class MetricsFunctionsTests
{
    [Fact]
    public async Task Metrics_WithAdminKey_AnswersPrometheusText()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/metrics", await controlPlane.AdminKeyAsync());

        await controlPlane.Create<MetricsFunctions>().Metrics(request);

        var response = request.HttpContext.Response;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.ContentType);
        var text = Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());
        Assert.Contains("# TYPE orchestrator_azure_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nprocess_cpu_seconds_total ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutCredentials_Answers401Status()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("GET", "/metrics");

        await controlPlane.Create<MetricsFunctions>().Metrics(request);

        Assert.Equal(401, request.HttpContext.Response.StatusCode);
        Assert.Equal("Unauthorized", TestControlPlane.ResponseJson(request).GetProperty("reason").GetString());
    }
}
