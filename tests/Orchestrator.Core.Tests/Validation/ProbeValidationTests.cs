using System.Text.Json;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class ProbeValidationTests
{
    private const string Container = "spec.containers[0]";

    [Fact]
    public void ValidatePod_DefaultedProbesOfEveryKind_HaveNoErrorsOrWarnings()
    {
        var pod = PodWith(container =>
        {
            container.LivenessProbe = new Probe { HttpGet = new HttpGetAction { Port = IntOrString.FromString("http") } };
            container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, SuccessThreshold = 2 };
            container.StartupProbe = new Probe { Exec = new ExecAction { Command = ["cat", "/tmp/ready"] }, FailureThreshold = 30 };
        });

        var result = ObjectValidator.ValidatePod(pod);

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Apply_ProbeWithoutTimings_GetsTheKubernetesDefaults()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Port = IntOrString.FromInt(8080) }, PeriodSeconds = 0 });

        ObjectDefaults.Apply(pod);

        var probe = pod.Spec!.Containers![0].ReadinessProbe!;
        Assert.Equal((1, 10, 1, 3), (probe.TimeoutSeconds, probe.PeriodSeconds, probe.SuccessThreshold, probe.FailureThreshold));
        Assert.Equal(("/", "HTTP"), (probe.HttpGet!.Path, probe.HttpGet.Scheme));
        Assert.Null(probe.InitialDelaySeconds);
    }

    [Fact]
    public void ValidatePod_LivenessSuccessThresholdNotOne_MustBeOne()
    {
        var pod = PodWith(container => container.LivenessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, SuccessThreshold = 2 });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".livenessProbe.successThreshold", FieldErrorType.Invalid);

        Assert.Equal(Container + ".livenessProbe.successThreshold: Invalid value: 2: must be 1", error.ToString());
    }

    [Fact]
    public void ValidatePod_StartupSuccessThresholdNotOne_MustBeOne()
    {
        var pod = PodWith(container => container.StartupProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, SuccessThreshold = 3 });

        OnlyError(ObjectValidator.ValidatePod(pod), Container + ".startupProbe.successThreshold", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_ProbeWithoutHandler_RequiresAHandlerType()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { PeriodSeconds = 5 });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe", FieldErrorType.Required);

        Assert.Equal(Container + ".readinessProbe: Required value: must specify a handler type", error.ToString());
    }

    [Fact]
    public void ValidatePod_ProbeWithTwoHandlers_ForbidsTheSecond()
    {
        var pod = PodWith(container => container.LivenessProbe = new Probe
        {
            Exec = new ExecAction { Command = ["true"] },
            HttpGet = new HttpGetAction { Path = "/", Port = IntOrString.FromInt(80) },
        });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".livenessProbe.httpGet", FieldErrorType.Forbidden);

        Assert.Equal(Container + ".livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type", error.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void ValidatePod_PortNumberOutOfRange_IsInvalid(int port)
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(port) } });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe.tcpSocket.port", FieldErrorType.Invalid);

        Assert.Equal($"Invalid value: {port}: must be between 1 and 65535, inclusive", error.Body);
    }

    [Fact]
    public void ValidatePod_PortNameNotAnIanaServiceName_IsInvalid()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = IntOrString.FromString("Web--Port") } });

        var result = ObjectValidator.ValidatePod(pod);

        var messages = result.Errors.Where(e => e.Path == Container + ".readinessProbe.httpGet.port").Select(e => e.Detail).ToList();
        Assert.Contains("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", messages);
        Assert.Contains("must not contain consecutive hyphens", messages);
    }

    [Fact]
    public void ValidatePod_HttpGetWithUnknownScheme_IsNotSupported()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = IntOrString.FromInt(80), Scheme = "FTP" } });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe.httpGet.scheme", FieldErrorType.NotSupported);

        Assert.Equal("Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"", error.Body);
    }

    [Fact]
    public void ValidatePod_HttpHeaderNameWithSpace_IsInvalid()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe
        {
            HttpGet = new HttpGetAction { Path = "/", Port = IntOrString.FromInt(80), HttpHeaders = [new HttpHeader { Name = "X Custom", Value = "1" }] },
        });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe.httpGet.httpHeaders", FieldErrorType.Invalid);

        Assert.StartsWith("a valid HTTP header must consist of alphanumeric characters or '-'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_ExecWithoutCommand_RequiresCommand()
    {
        var pod = PodWith(container => container.StartupProbe = new Probe { Exec = new ExecAction { Command = [] } });

        OnlyError(ObjectValidator.ValidatePod(pod), Container + ".startupProbe.exec.command", FieldErrorType.Required);
    }

    [Theory]
    [InlineData("initialDelaySeconds", "must be greater than or equal to 0")]
    [InlineData("periodSeconds", "must be greater than or equal to 0")]
    [InlineData("failureThreshold", "must be greater than or equal to 0")]
    public void ValidatePod_NegativeTiming_IsInvalid(string field, string message)
    {
        var probe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) } };
        switch (field)
        {
            case "initialDelaySeconds": probe.InitialDelaySeconds = -1; break;
            case "periodSeconds": probe.PeriodSeconds = -1; break;
            default: probe.FailureThreshold = -1; break;
        }

        var pod = PodWith(container => container.ReadinessProbe = probe);

        var error = OnlyError(ObjectValidator.ValidatePod(pod), $"{Container}.readinessProbe.{field}", FieldErrorType.Invalid);
        Assert.Equal("Invalid value: -1: " + message, error.Body);
    }

    [Fact]
    public void ValidatePod_UndefaultedZeroThreshold_IsInvalid()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, FailureThreshold = 0 }, defaulted: false);

        OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe.failureThreshold", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_ReadinessProbeWithTerminationGracePeriod_IsInvalid()
    {
        var pod = PodWith(container => container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, TerminationGracePeriodSeconds = 5 });

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".readinessProbe.terminationGracePeriodSeconds", FieldErrorType.Invalid);
        Assert.Equal("must not be set for readinessProbes", error.Detail);
    }

    [Fact]
    public void ValidatePod_GrpcProbe_IsKeptWithAWarning()
    {
        var pod = PodWith(container => container.LivenessProbe = new Probe { Grpc = JsonDocument.Parse("""{"port":9000}""").RootElement });

        var result = ObjectValidator.ValidatePod(pod);

        NoErrors(result);
        Assert.Contains(result.Warnings, warning => warning.StartsWith(Container + ".livenessProbe.grpc: not implemented", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatePod_PreStopSleepLongerThanGracePeriod_IsInvalid()
    {
        var pod = PodWith(container => container.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { Sleep = new SleepAction { Seconds = 60 } } });
        pod.Spec!.TerminationGracePeriodSeconds = 30;

        var error = OnlyError(ObjectValidator.ValidatePod(pod), Container + ".lifecycle.preStop.sleep", FieldErrorType.Invalid);
        Assert.Equal("Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)", error.Body);
    }

    [Fact]
    public void ValidatePod_PostStartWithoutHandler_RequiresAHandlerType()
    {
        var pod = PodWith(container => container.Lifecycle = new Lifecycle { PostStart = new LifecycleHandler() });

        OnlyError(ObjectValidator.ValidatePod(pod), Container + ".lifecycle.postStart", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_PreStopHttpGetDefaulted_HasNoErrors()
    {
        var pod = PodWith(container => container.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { HttpGet = new HttpGetAction { Port = IntOrString.FromInt(8080) } } });

        ObjectDefaults.Apply(pod);

        NoErrors(ObjectValidator.ValidatePod(pod));
    }

    [Fact]
    public void ValidateDeployment_TemplateProbeError_NamesTheTemplatePath()
    {
        var deployment = ValidObjects.Deployment();
        deployment.Spec!.Template!.Spec!.Containers![0].LivenessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) }, SuccessThreshold = 2 };

        OnlyError(ObjectValidator.ValidateDeployment(deployment), "spec.template.spec.containers[0].livenessProbe.successThreshold", FieldErrorType.Invalid);
    }

    private static Pod PodWith(Action<Container> configure, bool defaulted = true)
    {
        var pod = ValidObjects.Pod();
        configure(pod.Spec!.Containers![0]);
        if (defaulted)
        {
            ObjectDefaults.Apply(pod);
        }

        return pod;
    }
}
