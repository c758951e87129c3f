using Orchestrator.Agent.Runtime.Docker;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", null, "Always")]
    [InlineData("busybox:latest", null, "Always")]
    [InlineData("busybox:1.36", null, "IfNotPresent")]
    [InlineData("127.0.0.1:5000/team/app:2", null, "IfNotPresent")]
    [InlineData("busybox@sha256:abc", null, "IfNotPresent")]
    [InlineData("busybox:1.36", "Never", "Never")]
    public void EffectivePullPolicy_KubernetesDefaults(string image, string? policy, string expected) =>
        Assert.Equal(expected, ImageReference.EffectivePullPolicy(policy, image));

    [Theory]
    [InlineData("busybox", "docker.io", "busybox")]
    [InlineData("library/busybox:1", "docker.io", "library/busybox")]
    [InlineData("localhost/app", "localhost", "app")]
    [InlineData("127.0.0.1:5000/team/app:2", "127.0.0.1:5000", "team/app")]
    [InlineData("registry.example.com/app@sha256:abc", "registry.example.com", "app")]
    public void Parse_FindsTheRegistry(string image, string registry, string repository)
    {
        var reference = ImageReference.Parse(image);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
    }
}
