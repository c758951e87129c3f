using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class ServiceValidationTests
{
    private static Service Service(Action<ServiceSpec>? change = null)
    {
        var service = new Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new ServiceSpec
            {
                Selector = new() { ["app"] = "web" },
                Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http") }],
            },
        };
        change?.Invoke(service.Spec);
        ServiceDefaults.Apply(service);
        return service;
    }

    private static ValidationResult Validate(Action<ServiceSpec> change) => ObjectValidator.ValidateService(Service(change));

    [Fact]
    public void ValidateService_ClusterIPWithNamedTargetPort_HasNoErrorsOrWarnings()
    {
        var result = ObjectValidator.ValidateService(Service());

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ValidateService_NodePortWithChosenPort_HasNoErrors()
    {
        NoErrors(Validate(s => (s.Type, s.Ports![0].NodePort) = ("NodePort", 30080)));
    }

    [Fact]
    public void ValidateService_NoPorts_RequiresSpecPorts()
    {
        OnlyError(Validate(s => s.Ports = []), "spec.ports", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateService_HeadlessWithoutPorts_HasNoErrors()
    {
        NoErrors(Validate(s => (s.ClusterIP, s.Ports) = ("None", [])));
    }

    [Fact]
    public void ValidateService_TwoPortsOneUnnamed_RequiresTheName()
    {
        OnlyError(Validate(s => s.Ports!.Add(new ServicePort { Port = 443 })), "spec.ports[1].name", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateService_DuplicatePortNames_IsDuplicate()
    {
        var error = SingleError(Validate(s => s.Ports!.Add(new ServicePort { Name = "http", Port = 8080 })), "spec.ports[1].name", FieldErrorType.Duplicate);

        Assert.Equal("spec.ports[1].name: Duplicate value: \"http\"", error.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void ValidateService_PortOutOfRange_IsInvalid(int port)
    {
        var error = SingleError(Validate(s => (s.Ports![0].Port, s.Ports[0].TargetPort) = (port, IntOrString.FromInt(80))), "spec.ports[0].port", FieldErrorType.Invalid);

        Assert.Equal($"spec.ports[0].port: Invalid value: {port}: must be between 1 and 65535, inclusive", error.ToString());
    }

    [Fact]
    public void ValidateService_TargetPortNumberOutOfRange_IsInvalid()
    {
        OnlyError(Validate(s => s.Ports![0].TargetPort = IntOrString.FromInt(70000)), "spec.ports[0].targetPort", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateService_TargetPortBadName_IsInvalid()
    {
        SingleError(Validate(s => s.Ports![0].TargetPort = IntOrString.FromString("not_a_name")), "spec.ports[0].targetPort", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateService_UnknownProtocol_IsUnsupported()
    {
        var error = OnlyError(Validate(s => s.Ports![0].Protocol = "HTTP"), "spec.ports[0].protocol", FieldErrorType.NotSupported);

        Assert.Contains("\"TCP\", \"UDP\", \"SCTP\"", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UDP")]
    [InlineData("SCTP")]
    public void ValidateService_UdpOrSctp_AcceptedWithWarningThatOnlyTcpIsProxied(string protocol)
    {
        var result = Validate(s => s.Ports![0].Protocol = protocol);

        NoErrors(result);
        Assert.Contains(result.Warnings, w => w.StartsWith("spec.ports[0].protocol:", StringComparison.Ordinal) && w.Contains("TCP only", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LoadBalancer")]
    [InlineData("ExternalName")]
    public void ValidateService_UnsupportedType_IsUnsupportedValueAtSpecType(string type)
    {
        var error = SingleError(Validate(s => s.Type = type), "spec.type", FieldErrorType.NotSupported);

        Assert.Equal($"spec.type: Unsupported value: \"{type}\": supported values: \"ClusterIP\", \"NodePort\"", error.ToString());
    }

    [Fact]
    public void ValidateService_NodePortOnClusterIP_IsForbidden()
    {
        OnlyError(Validate(s => s.Ports![0].NodePort = 30080), "spec.ports[0].nodePort", FieldErrorType.Forbidden);
    }

    [Fact]
    public void ValidateService_DuplicateNodePort_IsDuplicate()
    {
        SingleError(
            Validate(s =>
            {
                s.Type = "NodePort";
                s.Ports![0].NodePort = 30080;
                s.Ports.Add(new ServicePort { Name = "admin", Port = 81, NodePort = 30080 });
            }),
            "spec.ports[1].nodePort",
            FieldErrorType.Duplicate);
    }

    [Fact]
    public void ValidateService_UnknownSessionAffinity_IsUnsupported()
    {
        OnlyError(Validate(s => s.SessionAffinity = "Cookie"), "spec.sessionAffinity", FieldErrorType.NotSupported);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    public void ValidateService_ClientIPTimeoutOutOfRange_IsInvalid(int timeout)
    {
        OnlyError(
            Validate(s => (s.SessionAffinity, s.SessionAffinityConfig) = ("ClientIP", new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = timeout } })),
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateService_BadSelectorLabel_IsInvalidAtSpecSelector()
    {
        SingleError(Validate(s => s.Selector!["app"] = "no spaces allowed"), "spec.selector", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateService_NotAnIPv4ClusterIP_IsInvalid()
    {
        SingleError(Validate(s => s.ClusterIP = "10.0.0.300"), "spec.clusterIPs[0]", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateService_NameStartingWithDigit_IsInvalidAsDns1035Label()
    {
        var service = Service();
        service.Metadata.Name = "1web";

        var error = OnlyError(ObjectValidator.ValidateService(service), "metadata.name", FieldErrorType.Invalid);

        Assert.StartsWith("a DNS-1035 label", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateService_FieldsKeptButNotActedOn_AcceptedWithWarnings()
    {
        var result = Validate(s =>
        {
            s.Type = "NodePort";
            s.ExternalIPs = ["192.0.2.10"];
            s.LoadBalancerIP = "192.0.2.11";
            s.ExternalTrafficPolicy = "Local";
        });

        NoErrors(result);
        Assert.Contains(result.Warnings, w => w.StartsWith("spec.externalIPs:", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("spec.loadBalancerIP:", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("spec.externalTrafficPolicy:", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateServiceUpdate_ChangedClusterIP_IsImmutable()
    {
        var old = Service(s => s.ClusterIP = "127.96.0.10");
        var updated = Service(s => s.ClusterIP = "127.96.0.11");

        var error = OnlyError(ObjectValidator.ValidateServiceUpdate(old, updated), "spec.clusterIP", FieldErrorType.Invalid);

        Assert.Equal("spec.clusterIP: Invalid value: \"127.96.0.11\": field is immutable", error.ToString());
    }

    [Fact]
    public void ValidateServiceUpdate_SameClusterIP_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateServiceUpdate(Service(s => s.ClusterIP = "127.96.0.10"), Service(s => s.ClusterIP = "127.96.0.10")));
    }

    [Fact]
    public void ValidateEndpointSlice_NoAddressType_RequiresIt()
    {
        var slice = new EndpointSlice { Metadata = new ObjectMeta { Name = "web-abcde", Namespace = "shop" } };

        OnlyError(ObjectValidator.ValidateEndpointSlice(slice), "addressType", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateEndpointSlice_EndpointWithBadAddress_IsInvalid()
    {
        var slice = new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web-abcde", Namespace = "shop" },
            AddressType = "IPv4",
            Endpoints = [new Endpoint { Addresses = ["10.0.0.1"] }, new Endpoint { Addresses = ["not-an-ip"] }],
            Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
        };

        OnlyError(ObjectValidator.ValidateEndpointSlice(slice), "endpoints[1].addresses[0]", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateEndpointSliceUpdate_ChangedAddressType_IsImmutable()
    {
        var old = new EndpointSlice { Metadata = new ObjectMeta { Name = "s" }, AddressType = "IPv4" };
        var updated = new EndpointSlice { Metadata = new ObjectMeta { Name = "s" }, AddressType = "IPv6" };

        OnlyError(ObjectValidator.ValidateEndpointSliceUpdate(old, updated), "addressType", FieldErrorType.Invalid);
    }
}
