using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Defaulting;

public sealed class ServiceDefaultsTests
{
    private static Service Service(string? type = null, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = "web" },
        Spec = new ServiceSpec { Type = type, Ports = [.. ports], Selector = new() { ["app"] = "web" } },
    };

    [Fact]
    public void Apply_BareService_GetsKubernetesDefaults()
    {
        var service = Service(null, new ServicePort { Port = 80 });

        ServiceDefaults.Apply(service);

        var spec = service.Spec!;
        Assert.Equal("ClusterIP", spec.Type);
        Assert.Equal("None", spec.SessionAffinity);
        Assert.Null(spec.SessionAffinityConfig);
        Assert.Equal("TCP", spec.Ports![0].Protocol);
        Assert.Equal(IntOrString.FromInt(80), spec.Ports[0].TargetPort);
        Assert.Equal(["IPv4"], spec.IpFamilies);
        Assert.Equal("SingleStack", spec.IpFamilyPolicy);
        Assert.Equal("Cluster", spec.InternalTrafficPolicy);
        Assert.Null(spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void Apply_NodePort_DefaultsExternalTrafficPolicyToCluster()
    {
        var service = Service("NodePort", new ServicePort { Port = 80 });

        ServiceDefaults.Apply(service);

        Assert.Equal("Cluster", service.Spec!.ExternalTrafficPolicy);
    }

    [Fact]
    public void Apply_ClientIPAffinity_DefaultsTimeoutToThreeHours()
    {
        var service = Service(null, new ServicePort { Port = 80 });
        service.Spec!.SessionAffinity = "ClientIP";

        ServiceDefaults.Apply(service);

        Assert.Equal(10800, service.Spec.SessionAffinityConfig!.ClientIP!.TimeoutSeconds);
    }

    [Fact]
    public void Apply_NamedTargetPort_IsKept()
    {
        var service = Service(null, new ServicePort { Port = 80, TargetPort = IntOrString.FromString("http") });

        ServiceDefaults.Apply(service);

        Assert.Equal("http", service.Spec!.Ports![0].TargetPort!.Text);
    }

    [Fact]
    public void Apply_ClusterIPOnly_FillsClusterIPs()
    {
        var service = Service(null, new ServicePort { Port = 80 });
        service.Spec!.ClusterIP = "127.96.0.10";

        ServiceDefaults.Apply(service);

        Assert.Equal(["127.96.0.10"], service.Spec.ClusterIPs);
    }

    [Fact]
    public void KeepAllocated_UpdateWithoutClusterIPAndNodePort_KeepsStoredValues()
    {
        var old = Service("NodePort", new ServicePort { Name = "http", Port = 80, NodePort = 30080 });
        old.Spec!.ClusterIP = "127.96.0.10";
        var updated = Service("NodePort", new ServicePort { Name = "http", Port = 80 });

        ServiceDefaults.KeepAllocated(old, updated);

        Assert.Equal("127.96.0.10", updated.Spec!.ClusterIP);
        Assert.Equal(30080, updated.Spec.Ports![0].NodePort);
    }

    [Fact]
    public void KeepAllocated_NodePortToClusterIP_DropsUnchangedNodePorts()
    {
        var old = Service("NodePort", new ServicePort { Name = "http", Port = 80, NodePort = 30080 });
        old.Spec!.ExternalTrafficPolicy = "Cluster";
        var updated = Service("ClusterIP", new ServicePort { Name = "http", Port = 80, NodePort = 30080 });
        updated.Spec!.ExternalTrafficPolicy = "Cluster";

        ServiceDefaults.KeepAllocated(old, updated);

        Assert.Null(updated.Spec.Ports![0].NodePort);
        Assert.Null(updated.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void Apply_EndpointSlicePortWithoutProtocol_DefaultsToTcp()
    {
        var slice = new EndpointSlice { Metadata = new ObjectMeta { Name = "s" }, AddressType = "IPv4", Ports = [new EndpointPort { Port = 80 }] };

        ServiceDefaults.Apply(slice);

        Assert.Equal("TCP", slice.Ports![0].Protocol);
    }
}
