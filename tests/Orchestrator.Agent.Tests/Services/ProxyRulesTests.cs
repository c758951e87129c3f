using System.Net;
using Orchestrator.Agent.Services;
using Orchestrator.Core.Objects;
using static Orchestrator.Agent.Tests.Services.TestServices;

namespace Orchestrator.Agent.Tests.Services;

public sealed class ProxyRulesTests
{
    [Fact]
    public void Build_ReadyTerminatingAndUnready_OnlyReadyEndpointsTakeConnections()
    {
        var snapshot = new ServiceSnapshot(
            [Service("web", "127.96.0.10", Port(80))],
            [Slice("web", 8080, Ready("10.0.0.1"), Endpoint("10.0.0.2", ready: false, terminating: false), Endpoint("10.0.0.3", ready: false, terminating: true), Ready("10.0.0.4"))]);

        var rule = Assert.Single(ProxyRules.Build(snapshot, "10.0.0.9"));

        Assert.Equal(IPEndPoint.Parse("127.96.0.10:80"), rule.Listen);
        Assert.Equal([IPEndPoint.Parse("10.0.0.1:8080"), IPEndPoint.Parse("10.0.0.4:8080")], rule.Endpoints);
        Assert.Null(rule.AffinityTimeout);
    }

    [Fact]
    public void Build_NamedPorts_EachServicePortUsesTheSlicePortOfItsName()
    {
        var service = Service("web", "127.96.0.10", Port(80, "http"), Port(443, "https"));
        var http = Slice("web", "default", "http", 8080, Ready("10.0.0.1"));
        var https = Slice("web", "default", "https", 8443, Ready("10.0.0.1"));
        https.Metadata.Name = "web-xyz";

        var rules = ProxyRules.Build(new ServiceSnapshot([service], [http, https]), null);

        Assert.Equal(IPEndPoint.Parse("10.0.0.1:8080"), Assert.Single(rules.Single(rule => rule.Listen.Port == 80).Endpoints));
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:8443"), Assert.Single(rules.Single(rule => rule.Listen.Port == 443).Endpoints));
    }

    [Fact]
    public void Build_NodePortService_ListensOnTheNodeAddressToo()
    {
        var service = Service("web", "127.96.0.10", Port(80, nodePort: 30080));
        service.Spec!.Type = "NodePort";

        var rules = ProxyRules.Build(new ServiceSnapshot([service], [Slice("web", 8080, Ready("10.0.0.1"))]), "10.0.0.9");

        Assert.Equal(
            [IPEndPoint.Parse("127.96.0.10:80"), IPEndPoint.Parse("10.0.0.9:30080")],
            rules.Select(rule => rule.Listen));
        Assert.All(rules, rule => Assert.Single(rule.Endpoints));
    }

    [Fact]
    public void Build_OtherNamespaceSliceAndUdpPort_AreNotUsed()
    {
        var service = Service("web", "127.96.0.10", Port(80), new ServicePort { Port = 53, Protocol = "UDP" });
        var foreign = Slice("web", "other", null, 9999, Ready("10.0.0.7"));

        var rule = Assert.Single(ProxyRules.Build(new ServiceSnapshot([service], [foreign, Slice("web", 8080, Ready("10.0.0.1"))]), null));

        Assert.Equal(80, rule.Listen.Port);
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:8080"), Assert.Single(rule.Endpoints));
    }

    [Fact]
    public void Build_ClientIPAffinity_UsesTheConfiguredTimeoutOrThreeHours()
    {
        var configured = Service("a", "127.96.0.10", Port(80));
        configured.Spec!.SessionAffinity = "ClientIP";
        configured.Spec.SessionAffinityConfig = new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = 60 } };
        var defaulted = Service("b", "127.96.0.11", Port(80));
        defaulted.Spec!.SessionAffinity = "ClientIP";

        var rules = ProxyRules.Build(new ServiceSnapshot([configured, defaulted], []), null);

        Assert.Equal(TimeSpan.FromSeconds(60), rules.Single(rule => rule.Service == "default/a:80").AffinityTimeout);
        Assert.Equal(TimeSpan.FromHours(3), rules.Single(rule => rule.Service == "default/b:80").AffinityTimeout);
    }
}
