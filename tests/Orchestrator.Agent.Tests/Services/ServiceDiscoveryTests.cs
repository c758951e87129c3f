using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Services;
using Orchestrator.Core.Objects;
using static Orchestrator.Agent.Tests.Services.TestServices;

namespace Orchestrator.Agent.Tests.Services;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public void LinksFor_ServiceWithNamedPorts_GivesKubernetesVariables()
    {
        var service = Service("redis-leader", "127.96.0.10", Port(6379, "redis"), Port(9121, "metrics"));

        var variables = ServiceDiscovery.LinksFor([service], "default", environment: true).Environment.ToDictionary();

        Assert.Equal(new Dictionary<string, string>
        {
            ["REDIS_LEADER_SERVICE_HOST"] = "127.96.0.10",
            ["REDIS_LEADER_SERVICE_PORT"] = "6379",
            ["REDIS_LEADER_SERVICE_PORT_REDIS"] = "6379",
            ["REDIS_LEADER_SERVICE_PORT_METRICS"] = "9121",
            ["REDIS_LEADER_PORT"] = "tcp://127.96.0.10:6379",
            ["REDIS_LEADER_PORT_6379_TCP"] = "tcp://127.96.0.10:6379",
            ["REDIS_LEADER_PORT_6379_TCP_PROTO"] = "tcp",
            ["REDIS_LEADER_PORT_6379_TCP_PORT"] = "6379",
            ["REDIS_LEADER_PORT_6379_TCP_ADDR"] = "127.96.0.10",
            ["REDIS_LEADER_PORT_9121_TCP"] = "tcp://127.96.0.10:9121",
            ["REDIS_LEADER_PORT_9121_TCP_PROTO"] = "tcp",
            ["REDIS_LEADER_PORT_9121_TCP_PORT"] = "9121",
            ["REDIS_LEADER_PORT_9121_TCP_ADDR"] = "127.96.0.10",
        }, variables);
    }

    [Fact]
    public void LinksFor_OtherNamespaceHeadlessOrLinksOff_GetNoVariables()
    {
        var other = Service("api", "shop", "127.96.0.11", Port(80));
        var headless = Service("db", "None", Port(5432));

        Assert.Empty(ServiceDiscovery.LinksFor([other, headless], "default", environment: true).Environment);
        Assert.Empty(ServiceDiscovery.LinksFor([Service("web", "127.96.0.10", Port(80))], "default", environment: false).Environment);
    }

    [Fact]
    public void LinksFor_HostEntries_BareNameOnlyInTheOwnNamespace()
    {
        var own = Service("web", "127.96.0.10", Port(80));
        var other = Service("api", "shop", "127.96.0.11", Port(80));

        var hosts = ServiceDiscovery.LinksFor([own, other], "default", environment: false).ExtraHosts;

        Assert.Equal(
            [
                "web:127.96.0.10",
                "web.default:127.96.0.10",
                "web.default.svc.cluster.local:127.96.0.10",
                "api.shop:127.96.0.11",
                "api.shop.svc.cluster.local:127.96.0.11",
            ],
            hosts);
    }

    [Fact]
    public void DockerBuild_ServiceLinks_EnvAndExtraHostsWithUserVariablesWinning()
    {
        var spec = new Container
        {
            Name = "app",
            Image = "app:1",
            Env =
            [
                new EnvVar { Name = "WEB_SERVICE_PORT", Value = "9999" },
                new EnvVar { Name = "BACKEND", Value = "http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)" },
            ],
            Args = ["--connect", "$(WEB_PORT)"],
        };
        var launch = Runtime.Docker.DockerTestLaunches.Launch("client", spec) with
        {
            Services = ServiceDiscovery.LinksFor([Service("web", "127.96.0.10", Port(80))], "default", environment: true),
        };

        var parameters = DockerContainerConfig.Build(launch, "app:1", "node-1", "10.0.0.5", bridgeAvailable: false);

        Assert.Contains("WEB_SERVICE_HOST=127.96.0.10", parameters.Env);
        Assert.Contains("WEB_SERVICE_PORT=9999", parameters.Env);
        Assert.DoesNotContain("WEB_SERVICE_PORT=80", parameters.Env);
        Assert.Contains("BACKEND=http://127.96.0.10:9999", parameters.Env);
        Assert.Equal(["--connect", "tcp://127.96.0.10:80"], parameters.Cmd);
        Assert.Contains("web:127.96.0.10", parameters.HostConfig.ExtraHosts);
        Assert.Contains("web.default.svc.cluster.local:127.96.0.10", parameters.HostConfig.ExtraHosts);
    }

    [Fact]
    public void WorkloadCommandCreate_ServiceEnvironment_SeenByExpansionAndOverriddenByUser()
    {
        var spec = new Container
        {
            Name = "app",
            Command = ["/bin/sh", "-c", "echo $(WEB_SERVICE_HOST)"],
            Env = [new EnvVar { Name = "WEB_SERVICE_PORT", Value = "9999" }],
        };
        var links = ServiceDiscovery.LinksFor([Service("web", "127.96.0.10", Port(80))], "default", environment: true);

        var command = WorkloadCommand.Create(spec, "client", serviceEnvironment: links.Environment);

        Assert.Equal("127.96.0.10", command.Environment["WEB_SERVICE_HOST"]);
        Assert.Equal("9999", command.Environment["WEB_SERVICE_PORT"]);
        Assert.Equal("echo 127.96.0.10", command.Argv[2]);
    }
}
