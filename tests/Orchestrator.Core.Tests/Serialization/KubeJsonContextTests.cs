using System.Text.Json;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Tests.Serialization;

public sealed class KubeJsonContextTests
{
    [Fact]
    public void Deserialize_UnknownField_ThrowsNamingTheField()
    {
        const string json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
             "spec":{"containers":[{"name":"web","image":"nginx","imagePullPolcy":"Always"}]}}
            """;

        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, KubeJsonContext.Default.Pod));

        Assert.Equal("$.spec.containers[0].imagePullPolcy", e.Path);
        Assert.Contains("imagePullPolcy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownTopLevelField_ThrowsNamingTheField()
    {
        const string json = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spek":{}}""";

        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, KubeJsonContext.Default.Deployment));

        Assert.Equal("$.spek", e.Path);
    }

    [Fact]
    public void Deserialize_UnimplementedField_IsKeptAsJson()
    {
        const string json = """
            {"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx","livenessProbe":{"httpGet":{"path":"/","port":80}}}]}}
            """;

        var pod = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Pod)!;

        Assert.Equal("/", pod.Spec!.Containers![0].LivenessProbe!.HttpGet!.Path);
        Assert.Contains("\"livenessProbe\"", JsonSerializer.Serialize(pod, KubeJsonContext.Default.Pod), StringComparison.Ordinal);
    }
}
