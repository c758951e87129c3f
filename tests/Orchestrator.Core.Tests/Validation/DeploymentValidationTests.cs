using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class DeploymentValidationTests
{
    private static ValidationResult Validate(Action<DeploymentSpec> change)
    {
        var deployment = ValidObjects.Deployment();
        change(deployment.Spec!);
        return ObjectValidator.ValidateDeployment(deployment);
    }

    private static DeploymentStrategy Rolling(IntOrString? maxUnavailable, IntOrString? maxSurge) =>
        new() { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge } };

    [Fact]
    public void ValidateDeployment_Valid_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateDeployment(ValidObjects.Deployment()));
    }

    [Fact]
    public void ValidateDeployment_NegativeReplicas_IsInvalid()
    {
        var error = OnlyError(Validate(s => s.Replicas = -1), "spec.replicas", FieldErrorType.Invalid);

        Assert.Equal("spec.replicas: Invalid value: -1: must be greater than or equal to 0", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_ZeroReplicas_IsValid()
    {
        NoErrors(Validate(s => s.Replicas = 0));
    }

    [Fact]
    public void ValidateDeployment_NoSelector_RequiresSelector()
    {
        OnlyError(Validate(s => s.Selector = null), "spec.selector", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateDeployment_EmptySelector_IsInvalid()
    {
        var error = OnlyError(Validate(s => s.Selector = new LabelSelector()), "spec.selector", FieldErrorType.Invalid);

        Assert.Equal("spec.selector: Invalid value: {}: empty selector is invalid for deployment", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_SelectorNotMatchingTemplate_ErrorsAtTemplateLabels()
    {
        var error = OnlyError(
            Validate(s => s.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "api" } }),
            "spec.template.metadata.labels",
            FieldErrorType.Invalid);

        Assert.Equal("`selector` does not match template `labels`", error.Detail);
        Assert.Equal("""{"app":"web","tier":"frontend"}""", error.BadValue);
    }

    [Fact]
    public void ValidateDeployment_ExpressionSelectorMatchingTemplate_IsValid()
    {
        NoErrors(Validate(s => s.Selector = new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["frontend", "web"] }],
        }));
    }

    [Fact]
    public void ValidateDeployment_SelectorExpressionWithoutValues_ErrorsAtValues()
    {
        var result = Validate(s => s.Selector = new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In" }],
        });

        OnlyError(result, "spec.selector.matchExpressions[0].values", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateDeployment_NoTemplate_RequiresTemplate()
    {
        OnlyError(Validate(s => s.Template = null), "spec.template", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateDeployment_TemplateRestartPolicyNotAlways_IsNotSupported()
    {
        var error = OnlyError(Validate(s => s.Template!.Spec!.RestartPolicy = "OnFailure"), "spec.template.spec.restartPolicy", FieldErrorType.NotSupported);

        Assert.Equal("spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_TemplateRestartPolicyUnknown_ListsPodPolicies()
    {
        var error = OnlyError(Validate(s => s.Template!.Spec!.RestartPolicy = "Sometimes"), "spec.template.spec.restartPolicy", FieldErrorType.NotSupported);

        Assert.Equal("spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_DuplicateContainerInTemplate_IsDuplicate()
    {
        var result = Validate(s => s.Template!.Spec!.Containers!.Add(new Container { Name = "web", Image = "nginx" }));

        var error = OnlyError(result, "spec.template.spec.containers[1].name", FieldErrorType.Duplicate);
        Assert.Equal("spec.template.spec.containers[1].name: Duplicate value: \"web\"", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_InvalidTemplateLabel_ErrorsAtTemplateLabels()
    {
        var result = Validate(s => s.Template!.Metadata!.Labels!["bad key"] = "x");

        SingleError(result, "spec.template.metadata.labels", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateDeployment_UnknownStrategy_IsNotSupported()
    {
        var error = OnlyError(Validate(s => s.Strategy = new DeploymentStrategy { Type = "BlueGreen" }), "spec.strategy.type", FieldErrorType.NotSupported);

        Assert.Equal("supported values: \"Recreate\", \"RollingUpdate\"", error.Detail);
    }

    [Fact]
    public void ValidateDeployment_RecreateWithRollingUpdate_IsForbidden()
    {
        var result = Validate(s => s.Strategy = new DeploymentStrategy { Type = "Recreate", RollingUpdate = new RollingUpdateDeployment() });

        var error = OnlyError(result, "spec.strategy.rollingUpdate", FieldErrorType.Forbidden);
        Assert.Equal("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'", error.ToString());
    }

    [Fact]
    public void ValidateDeployment_RecreateAlone_IsValid()
    {
        NoErrors(Validate(s => s.Strategy = new DeploymentStrategy { Type = "Recreate" }));
    }

    [Theory]
    [InlineData("25%", "1")]
    [InlineData("0", "100%")]
    [InlineData("0%", "1")]
    [InlineData("100%", "0")]
    public void ValidateDeployment_ValidRollingBounds_AreValid(string maxUnavailable, string maxSurge)
    {
        NoErrors(Validate(s => s.Strategy = Rolling(Parse(maxUnavailable), Parse(maxSurge))));
    }

    [Fact]
    public void ValidateDeployment_NegativeMaxSurge_IsInvalid()
    {
        var error = OnlyError(Validate(s => s.Strategy = Rolling(null, IntOrString.FromInt(-1))), "spec.strategy.rollingUpdate.maxSurge", FieldErrorType.Invalid);

        Assert.Equal("must be greater than or equal to 0", error.Detail);
    }

    [Theory]
    [InlineData("25")]
    [InlineData("x%")]
    [InlineData("-5%")]
    public void ValidateDeployment_MaxUnavailableNotAPercent_IsInvalid(string text)
    {
        var error = OnlyError(Validate(s => s.Strategy = Rolling(IntOrString.FromString(text), null)), "spec.strategy.rollingUpdate.maxUnavailable", FieldErrorType.Invalid);

        Assert.StartsWith("a valid percent string must be a numeric string followed by an ending '%'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateDeployment_MaxUnavailableOver100Percent_IsInvalid()
    {
        var error = OnlyError(Validate(s => s.Strategy = Rolling(IntOrString.FromString("120%"), null)), "spec.strategy.rollingUpdate.maxUnavailable", FieldErrorType.Invalid);

        Assert.Equal("must not be greater than 100%", error.Detail);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0%", "0")]
    [InlineData("0", "0%")]
    public void ValidateDeployment_BothBoundsZero_IsInvalidAtMaxUnavailable(string maxUnavailable, string maxSurge)
    {
        var error = OnlyError(Validate(s => s.Strategy = Rolling(Parse(maxUnavailable), Parse(maxSurge))), "spec.strategy.rollingUpdate.maxUnavailable", FieldErrorType.Invalid);

        Assert.Equal("may not be 0 when `maxSurge` is 0", error.Detail);
    }

    [Theory]
    [InlineData("revisionHistoryLimit")]
    [InlineData("minReadySeconds")]
    [InlineData("progressDeadlineSeconds")]
    public void ValidateDeployment_NegativeCounts_AreInvalid(string field)
    {
        var result = Validate(s =>
        {
            switch (field)
            {
                case "revisionHistoryLimit": s.RevisionHistoryLimit = -1; break;
                case "minReadySeconds": s.MinReadySeconds = -1; break;
                default: s.ProgressDeadlineSeconds = -1; break;
            }
        });

        var error = OnlyError(result, "spec." + field, FieldErrorType.Invalid);
        Assert.Equal("must be greater than or equal to 0", error.Detail);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(5, 10)]
    public void ValidateDeployment_ProgressDeadlineNotAboveMinReady_IsInvalid(int deadline, int minReady)
    {
        var error = OnlyError(
            Validate(s => { s.ProgressDeadlineSeconds = deadline; s.MinReadySeconds = minReady; }),
            "spec.progressDeadlineSeconds",
            FieldErrorType.Invalid);

        Assert.Equal("must be greater than minReadySeconds", error.Detail);
    }

    [Fact]
    public void ValidateDeployment_ProgressDeadlineAboveMinReady_IsValid()
    {
        NoErrors(Validate(s => { s.ProgressDeadlineSeconds = 600; s.MinReadySeconds = 10; }));
    }

    [Fact]
    public void ValidateDeployment_NoSpec_RequiresSpec()
    {
        var deployment = ValidObjects.Deployment();
        deployment.Spec = null;

        OnlyError(ObjectValidator.ValidateDeployment(deployment), "spec", FieldErrorType.Required);
    }

    private static IntOrString Parse(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? IntOrString.FromInt(n) : IntOrString.FromString(text);
}
