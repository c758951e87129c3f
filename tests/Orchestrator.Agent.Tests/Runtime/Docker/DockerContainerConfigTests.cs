using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Core.Objects;
using static Orchestrator.Agent.Tests.Runtime.Docker.DockerTestLaunches;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

public sealed class DockerContainerConfigTests
{
    [Fact]
    public void Build_CommandAndArgs_BecomeEntrypointAndCmdWithVariablesExpanded()
    {
        var spec = Busybox("app", "sh", "-c");
        spec.Args = ["echo $(GREETING) $$(literal)"];
        spec.Env = [new EnvVar { Name = "GREETING", Value = "hi" }];

        var parameters = DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false);

        Assert.Equal(["sh", "-c"], parameters.Entrypoint);
        Assert.Equal(["echo hi $(literal)"], parameters.Cmd);
        Assert.Contains("GREETING=hi", parameters.Env);
        Assert.Equal("host", parameters.HostConfig.NetworkMode);
    }

    [Fact]
    public void Build_HostPortDiffersFromContainerPortWithoutBridge_FailsWithConfigError()
    {
        var spec = Busybox("app", "httpd", "-f");
        spec.Ports = [new ContainerPort { ContainerPortNumber = 80, HostPort = 8080 }];

        var failure = Assert.Throws<ContainerCreateException>(() => DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false));

        Assert.Equal(ContainerCreateException.CreateContainerConfigError, failure.Reason);
        Assert.Contains("no bridge network", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HostPortWithBridge_PublishesThePortOnTheBridge()
    {
        var spec = Busybox("app", "httpd", "-f");
        spec.Ports = [new ContainerPort { ContainerPortNumber = 80, HostPort = 8080 }];

        var parameters = DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: true);

        Assert.Equal("bridge", parameters.HostConfig.NetworkMode);
        Assert.Equal("8080", Assert.Single(parameters.HostConfig.PortBindings["80/tcp"]).HostPort);
    }

    [Fact]
    public void Build_HostPortEqualToContainerPortOnHostNetwork_IsAccepted()
    {
        var spec = Busybox("app", "httpd", "-f");
        spec.Ports = [new ContainerPort { ContainerPortNumber = 8080, HostPort = 8080 }];

        var parameters = DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false);

        Assert.Equal("host", parameters.HostConfig.NetworkMode);
        Assert.Contains("8080/tcp", parameters.ExposedPorts.Keys);
    }

    [Fact]
    public void Build_UnknownFieldPath_FailsWithConfigErrorNamingIt()
    {
        var spec = Busybox("app", "sleep", "1");
        spec.Env = [new EnvVar { Name = "X", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels['a']" } } }];

        var failure = Assert.Throws<ContainerCreateException>(() => DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false));

        Assert.Equal(ContainerCreateException.CreateContainerConfigError, failure.Reason);
        Assert.Contains("metadata.labels['a']", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LimitsAndGracePeriod_SetNanoCpusMemoryWithoutSwapAndStopTimeout()
    {
        var spec = Busybox("app", "sleep", "1");
        spec.Resources = new ResourceRequirements { Limits = new() { ["cpu"] = new Quantity("1.5"), ["memory"] = new Quantity("1Gi") } };

        var parameters = DockerContainerConfig.Build(Launch("web", spec, grace: TimeSpan.FromSeconds(30)), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false);

        Assert.Equal(1_500_000_000, parameters.HostConfig.NanoCPUs);
        Assert.Equal(1L << 30, parameters.HostConfig.Memory);
        Assert.Equal(1L << 30, parameters.HostConfig.MemorySwap);
        Assert.Equal(TimeSpan.FromSeconds(30), parameters.StopTimeout);
    }

    [Fact]
    public void Build_PreStopHttpGetOnNamedPort_IsStoredWithThePortNumber()
    {
        var spec = Busybox("app", "httpd", "-f");
        spec.Ports = [new ContainerPort { Name = "web", ContainerPortNumber = 8081 }];
        spec.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { HttpGet = new HttpGetAction { Path = "/drain", Port = IntOrString.FromString("web") } } };

        var parameters = DockerContainerConfig.Build(Launch("web", spec), "img:1", "node-1", "10.0.0.5", bridgeAvailable: false);

        Assert.Contains("8081", parameters.Labels[DockerContainerConfig.PreStopLabel], StringComparison.Ordinal);
        Assert.Contains("/drain", parameters.Labels[DockerContainerConfig.PreStopLabel], StringComparison.Ordinal);
    }
}
