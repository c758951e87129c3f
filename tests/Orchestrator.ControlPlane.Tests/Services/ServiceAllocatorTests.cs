using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Services;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Tests.Services;

public sealed class ServiceAllocatorTests
{
    private static readonly ServiceAllocator Allocator = new(Options.Create(new ServiceOptions()));

    private static Service NodePortService(params int?[] nodePorts)
    {
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "u1" },
            Spec = new ServiceSpec
            {
                Type = "NodePort",
                Ports = [.. nodePorts.Select((n, i) => new ServicePort { Name = $"p{i}", Port = 80 + i, NodePort = n })],
            },
        };
        ServiceDefaults.Apply(service);
        return service;
    }

    [Fact]
    public void Allocate_NewNodePortService_PicksClusterIPAndNodePortsInTheDefaultRanges()
    {
        var service = NodePortService(null, null, null);
        var errors = new List<FieldError>();

        var claims = Allocator.Allocate(null, service, errors);

        Assert.Empty(errors);
        var ip = IPAddress.Parse(service.Spec!.ClusterIP!).GetAddressBytes();
        Assert.Equal(127, ip[0]);
        Assert.InRange(ip[1], 96, 111);
        Assert.Equal([service.Spec.ClusterIP!], service.Spec.ClusterIPs);
        var ports = service.Spec.Ports!.Select(p => p.NodePort!.Value).ToList();
        Assert.All(ports, p => Assert.InRange(p, 30000, 32767));
        Assert.Equal(3, ports.Distinct().Count());
        Assert.Equal(4, claims.Count);
        Assert.All(claims, c => Assert.False(c.Chosen));
    }

    [Fact]
    public void Allocate_ChosenNodePortOutsideRange_IsFieldErrorNamingThePort()
    {
        var service = NodePortService(30080, 8080);
        var errors = new List<FieldError>();

        Allocator.Allocate(null, service, errors);

        var error = Assert.Single(errors);
        Assert.Equal("spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767", error.ToString());
    }

    [Fact]
    public void Allocate_ChosenClusterIPOutsideRange_IsFieldError()
    {
        var service = NodePortService((int?)null);
        service.Spec!.ClusterIP = "10.0.0.10";
        var errors = new List<FieldError>();

        Allocator.Allocate(null, service, errors);

        Assert.Equal("spec.clusterIPs[0]", Assert.Single(errors).Path);
    }

    [Fact]
    public void Allocate_UpdateKeepingItsValues_ClaimsNothingNew()
    {
        var old = NodePortService(30080);
        old.Spec!.ClusterIP = "127.96.0.10";
        var updated = NodePortService(30080);
        updated.Spec!.ClusterIP = "127.96.0.10";

        var claims = Allocator.Allocate(old, updated, []);

        Assert.Empty(claims);
        Assert.Empty(ServiceAllocator.Released(old, updated));
    }

    [Fact]
    public void Released_NodePortBecomesClusterIP_ReleasesTheNodePortOnly()
    {
        var old = NodePortService(30080);
        old.Spec!.ClusterIP = "127.96.0.10";
        var updated = NodePortService((int?)null);
        updated.Spec!.Type = "ClusterIP";
        updated.Spec.ClusterIP = "127.96.0.10";

        var released = ServiceAllocator.Released(old, updated);

        Assert.Equal("30080", Assert.Single(released).Value);
    }

    [Fact]
    public void Released_Deleted_ReleasesEverything()
    {
        var old = NodePortService(30080, 30081);
        old.Spec!.ClusterIP = "127.96.0.10";

        Assert.Equal(3, ServiceAllocator.Released(old, null).Count);
    }

    [Fact]
    public void Repick_TakenNodePort_ReplacesItWithAnotherValueInRange()
    {
        var service = NodePortService((int?)null);
        var claims = Allocator.Allocate(null, service, []);
        var taken = claims.Single(c => c.IsNodePort);

        var replacement = Allocator.Repick(null, service, taken);

        Assert.NotEqual(taken.Value, replacement.Value);
        Assert.Equal(replacement.Value, service.Spec!.Ports![0].NodePort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("spec.ports[0].nodePort", replacement.Field);
    }

    [Theory]
    [InlineData("127.96.0.0/12", "30000-32767", true)]
    [InlineData("127.0.0.0/30", "30000", true)]
    [InlineData("10.96.0.0/12", "30000-32767", false)]
    [InlineData("127.96.0.0/31", "30000-32767", false)]
    [InlineData("not-a-cidr", "30000-32767", false)]
    [InlineData("127.96.0.0/12", "32767-30000", false)]
    [InlineData("127.96.0.0/12", "0-100", false)]
    [InlineData("127.96.0.0/12", "30000-70000", false)]
    public void Validate_Ranges_AcceptsOnlyLoopbackCidrsAndPortRanges(string clusterIPRange, string nodePortRange, bool valid)
    {
        var result = new ServiceOptionsValidator().Validate(null, new ServiceOptions { ClusterIPRange = clusterIPRange, NodePortRange = nodePortRange });

        Assert.Equal(valid, result.Succeeded);
    }
}
