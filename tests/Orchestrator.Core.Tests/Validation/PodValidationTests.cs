using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class PodValidationTests
{
    private static ValidationResult Validate(Action<Pod> change)
    {
        var pod = ValidObjects.Pod();
        change(pod);
        return ObjectValidator.ValidatePod(pod);
    }

    private static ValidationResult ValidateContainer(Action<Container> change) => Validate(p => change(p.Spec!.Containers![0]));

    [Fact]
    public void ValidatePod_ValidPod_HasNoErrorsOrWarnings()
    {
        var result = ObjectValidator.ValidatePod(ValidObjects.Pod());

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ValidatePod_NoNameNorGenerateName_RequiresName()
    {
        var error = OnlyError(Validate(p => p.Metadata.Name = null), "metadata.name", FieldErrorType.Required);

        Assert.Equal("metadata.name: Required value: name or generateName is required", error.ToString());
    }

    [Fact]
    public void ValidatePod_GenerateNameWithTrailingDash_IsValid()
    {
        NoErrors(Validate(p =>
        {
            p.Metadata.Name = null;
            p.Metadata.GenerateName = "web-";
        }));
    }

    [Fact]
    public void ValidatePod_InvalidGenerateName_ErrorsAtGenerateName()
    {
        OnlyError(Validate(p => { p.Metadata.Name = null; p.Metadata.GenerateName = "Web-"; }), "metadata.generateName", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_UppercaseName_IsInvalidSubdomain()
    {
        var error = OnlyError(Validate(p => p.Metadata.Name = "Web"), "metadata.name", FieldErrorType.Invalid);

        Assert.Equal("Web", error.BadValue);
        Assert.StartsWith("metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_InvalidNamespace_IsInvalidLabel()
    {
        OnlyError(Validate(p => p.Metadata.Namespace = "team.a"), "metadata.namespace", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_InvalidLabelKeyAndValue_ErrorsAtLabels()
    {
        var result = Validate(p => p.Metadata.Labels = new() { ["-bad"] = "ok", ["ok"] = "bad value" });

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("metadata.labels", e.Path));
        Assert.Contains(result.Errors, e => e.BadValue == "-bad");
        Assert.Contains(result.Errors, e => e.BadValue == "bad value");
    }

    [Fact]
    public void ValidatePod_AnnotationsOver256KiB_IsTooLong()
    {
        var error = OnlyError(
            Validate(p => p.Metadata.Annotations = new() { ["a"] = new string('x', 200 * 1024), ["b"] = new string('x', 60 * 1024) }),
            "metadata.annotations",
            FieldErrorType.TooLong);

        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", error.ToString());
    }

    [Fact]
    public void ValidatePod_AnnotationsJustUnderLimit_AreValid()
    {
        NoErrors(Validate(p => p.Metadata.Annotations = new() { ["a"] = new string('x', (256 * 1024) - 1) }));
    }

    [Fact]
    public void ValidatePod_InvalidAnnotationKey_ErrorsAtAnnotations()
    {
        OnlyError(Validate(p => p.Metadata.Annotations = new() { ["bad key"] = "x" }), "metadata.annotations", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_TwoControllerOwners_IsInvalid()
    {
        var result = Validate(p => p.Metadata.OwnerReferences =
        [
            new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "a", Uid = "1", Controller = true },
            new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "b", Uid = "2", Controller = true },
        ]);

        OnlyError(result, "metadata.ownerReferences", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_OwnerWithoutUid_IsInvalid()
    {
        var result = Validate(p => p.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "a" }]);

        OnlyError(result, "metadata.ownerReferences[0].uid", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_NoSpec_RequiresSpec()
    {
        OnlyError(Validate(p => p.Spec = null), "spec", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_NoContainers_RequiresContainers()
    {
        OnlyError(Validate(p => p.Spec!.Containers = []), "spec.containers", FieldErrorType.Required);
        OnlyError(Validate(p => p.Spec!.Containers = null), "spec.containers", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_ContainerWithoutName_RequiresName()
    {
        OnlyError(ValidateContainer(c => c.Name = null), "spec.containers[0].name", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_ContainerNameNotDnsLabel_IsInvalid()
    {
        var error = OnlyError(ValidateContainer(c => c.Name = "web.server"), "spec.containers[0].name", FieldErrorType.Invalid);

        Assert.Contains("RFC 1123 label", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_DuplicateContainerName_IsDuplicateAtSecond()
    {
        var result = Validate(p => p.Spec!.Containers!.Add(new Container { Name = "web", Image = "busybox" }));

        var error = OnlyError(result, "spec.containers[1].name", FieldErrorType.Duplicate);
        Assert.Equal("spec.containers[1].name: Duplicate value: \"web\"", error.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ValidatePod_NoImage_RequiresImage(string? image)
    {
        OnlyError(ValidateContainer(c => c.Image = image), "spec.containers[0].image", FieldErrorType.Required);
    }

    [Theory]
    [InlineData(" nginx")]
    [InlineData("nginx ")]
    public void ValidatePod_ImageWithSurroundingWhitespace_IsInvalid(string image)
    {
        var error = OnlyError(ValidateContainer(c => c.Image = image), "spec.containers[0].image", FieldErrorType.Invalid);

        Assert.Equal("must not have leading or trailing whitespace", error.Detail);
    }

    [Theory]
    [InlineData("Always", true)]
    [InlineData("OnFailure", true)]
    [InlineData("Never", true)]
    [InlineData("Sometimes", false)]
    public void ValidatePod_RestartPolicy_OnlyKubernetesValues(string policy, bool valid)
    {
        var result = Validate(p => p.Spec!.RestartPolicy = policy);

        if (valid)
        {
            NoErrors(result);
        }
        else
        {
            var error = OnlyError(result, "spec.restartPolicy", FieldErrorType.NotSupported);
            Assert.Equal("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"", error.ToString());
        }
    }

    [Fact]
    public void ValidatePod_InvalidImagePullPolicy_IsNotSupported()
    {
        OnlyError(ValidateContainer(c => c.ImagePullPolicy = "Sometimes"), "spec.containers[0].imagePullPolicy", FieldErrorType.NotSupported);
    }

    [Fact]
    public void ValidatePod_InvalidQuantity_SaysTheGrammar()
    {
        var error = OnlyError(
            ValidateContainer(c => c.Resources!.Requests!["memory"] = new Quantity("lots")),
            "spec.containers[0].resources.requests[memory]",
            FieldErrorType.Invalid);

        Assert.Equal("must match the regular expression '" + Quantity.Grammar + "'", error.Detail);
        Assert.Equal("lots", error.BadValue);
    }

    [Fact]
    public void ValidatePod_NegativeQuantity_IsInvalid()
    {
        var error = OnlyError(
            ValidateContainer(c => c.Resources!.Limits!["ephemeral-storage"] = new Quantity("-1")),
            "spec.containers[0].resources.limits[ephemeral-storage]",
            FieldErrorType.Invalid);

        Assert.Equal("must be greater than or equal to 0", error.Detail);
    }

    [Theory]
    [InlineData("1e18")]
    [InlineData("10E")]
    public void ValidatePod_QuantityTooLargeForMilliValue_IsInvalid(string text)
    {
        var error = OnlyError(
            ValidateContainer(c => c.Resources!.Requests!["ephemeral-storage"] = new Quantity(text)),
            "spec.containers[0].resources.requests[ephemeral-storage]",
            FieldErrorType.Invalid);

        Assert.Equal("must be less than or equal to 9223372036854775", error.Detail);
    }

    [Fact]
    public void ValidatePod_RequestAboveLimit_IsInvalidAtRequest()
    {
        var error = OnlyError(
            ValidateContainer(c => c.Resources!.Requests!["cpu"] = new Quantity("1")),
            "spec.containers[0].resources.requests[cpu]",
            FieldErrorType.Invalid);

        Assert.Equal("spec.containers[0].resources.requests[cpu]: Invalid value: \"1\": must be less than or equal to cpu limit of 500m", error.ToString());
    }

    [Fact]
    public void ValidatePod_RequestEqualToLimitInOtherUnits_IsValid()
    {
        NoErrors(ValidateContainer(c => c.Resources!.Requests!["cpu"] = new Quantity("0.5")));
    }

    [Theory]
    [InlineData("gpu", false)]
    [InlineData("storage", false)]
    [InlineData("nvidia.com/gpu", true)]
    [InlineData("pods", true)]
    [InlineData("ephemeral-storage", true)]
    public void ValidatePod_ResourceName_OnlyStandardOrQualified(string name, bool valid)
    {
        var result = ValidateContainer(c => c.Resources!.Requests![name] = new Quantity("1"));

        if (valid)
        {
            NoErrors(result);
        }
        else
        {
            OnlyError(result, $"spec.containers[0].resources.requests[{name}]", FieldErrorType.NotSupported);
        }
    }

    [Theory]
    [InlineData(0, FieldErrorType.Required)]
    [InlineData(-1, FieldErrorType.Invalid)]
    [InlineData(65536, FieldErrorType.Invalid)]
    public void ValidatePod_ContainerPortOutOfRange_ErrorsAtContainerPort(int port, FieldErrorType type)
    {
        OnlyError(ValidateContainer(c => c.Ports![0].ContainerPortNumber = port), "spec.containers[0].ports[0].containerPort", type);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(8080, true)]
    [InlineData(65535, true)]
    [InlineData(-1, false)]
    [InlineData(70000, false)]
    public void ValidatePod_HostPort_ZeroTo65535(int hostPort, bool valid)
    {
        var result = ValidateContainer(c => c.Ports![0].HostPort = hostPort);

        if (valid)
        {
            NoErrors(result);
        }
        else
        {
            OnlyError(result, "spec.containers[0].ports[0].hostPort", FieldErrorType.Invalid);
        }
    }

    [Fact]
    public void ValidatePod_UnknownProtocol_IsNotSupported()
    {
        var error = OnlyError(ValidateContainer(c => c.Ports![0].Protocol = "HTTP"), "spec.containers[0].ports[0].protocol", FieldErrorType.NotSupported);

        Assert.Equal("supported values: \"TCP\", \"UDP\", \"SCTP\"", error.Detail);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("Http")]
    [InlineData("a-very-long-port-name")]
    public void ValidatePod_BadPortName_IsInvalid(string name)
    {
        OnlyError(ValidateContainer(c => c.Ports![0].Name = name), "spec.containers[0].ports[0].name", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_PortNameReusedInOtherContainer_IsDuplicate()
    {
        var result = Validate(p => p.Spec!.Containers!.Add(new Container
        {
            Name = "sidecar",
            Image = "envoy",
            Ports = [new ContainerPort { Name = "http", ContainerPortNumber = 9090 }],
        }));

        OnlyError(result, "spec.containers[1].ports[0].name", FieldErrorType.Duplicate);
    }

    [Fact]
    public void ValidatePod_SameHostPortTwice_IsDuplicate()
    {
        var result = Validate(p =>
        {
            p.Spec!.Containers![0].Ports![0].HostPort = 8080;
            p.Spec.Containers.Add(new Container { Name = "b", Image = "b", Ports = [new ContainerPort { ContainerPortNumber = 81, HostPort = 8080, Protocol = "TCP" }] });
        });

        OnlyError(result, "spec.containers[1].ports[0].hostPort", FieldErrorType.Duplicate);
    }

    [Theory]
    [InlineData("1VAR")]
    [InlineData("MY VAR")]
    public void ValidatePod_BadEnvName_IsInvalid(string name)
    {
        var error = OnlyError(ValidateContainer(c => c.Env![0].Name = name), "spec.containers[0].env[0].name", FieldErrorType.Invalid);

        Assert.StartsWith("a valid environment variable name must consist of", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_EnvWithoutName_RequiresName()
    {
        OnlyError(ValidateContainer(c => c.Env![0].Name = null), "spec.containers[0].env[0].name", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_BadNodeSelector_ErrorsAtNodeSelector()
    {
        var result = Validate(p => p.Spec!.NodeSelector = new() { ["kubernetes.io/os"] = "linux", ["disk"] = "fast ssd" });

        var error = OnlyError(result, "spec.nodeSelector", FieldErrorType.Invalid);
        Assert.Equal("fast ssd", error.BadValue);
    }

    [Fact]
    public void ValidatePod_BadRuntimeClassName_IsInvalid()
    {
        OnlyError(Validate(p => p.Spec!.RuntimeClassName = "Process_Driver"), "spec.runtimeClassName", FieldErrorType.Invalid);
        NoErrors(Validate(p => p.Spec!.RuntimeClassName = "process"));
    }

    [Fact]
    public void ValidatePod_NegativeGracePeriod_IsInvalid()
    {
        var error = OnlyError(Validate(p => p.Spec!.TerminationGracePeriodSeconds = -5), "spec.terminationGracePeriodSeconds", FieldErrorType.Invalid);

        Assert.Equal("spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0", error.ToString());
    }

    [Fact]
    public void ValidatePod_MultipleProblems_ReportsEachWithItsPath()
    {
        var result = Validate(p =>
        {
            p.Metadata.Name = "Bad_Name";
            p.Spec!.Containers![0].Image = "";
            p.Spec.RestartPolicy = "Sometimes";
        });

        Assert.Equal(
            ["metadata.name", "spec.containers[0].image", "spec.restartPolicy"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.StartsWith("[", result.ErrorSummary, StringComparison.Ordinal);
    }
}
