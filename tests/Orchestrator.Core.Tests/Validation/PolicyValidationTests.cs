using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class PolicyValidationTests
{
    private static PodDisruptionBudget Budget(Action<PodDisruptionBudgetSpec>? change = null)
    {
        var budget = new PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new PodDisruptionBudgetSpec { MinAvailable = IntOrString.FromInt(2), Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } },
        };
        change?.Invoke(budget.Spec);
        return budget;
    }

    private static ValidationResult Validate(Action<PodDisruptionBudgetSpec> change) => ObjectValidator.ValidatePodDisruptionBudget(Budget(change));

    [Fact]
    public void ValidatePodDisruptionBudget_MinAvailable_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidatePodDisruptionBudget(Budget()));
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("50%")]
    [InlineData("100%")]
    public void ValidatePodDisruptionBudget_PercentMaxUnavailable_HasNoErrors(string percent)
    {
        NoErrors(Validate(s => (s.MinAvailable, s.MaxUnavailable) = (null, IntOrString.FromString(percent))));
    }

    [Fact]
    public void ValidatePodDisruptionBudget_NoSpec_HasNoErrors()
    {
        var budget = Budget();
        budget.Spec = null;

        NoErrors(ObjectValidator.ValidatePodDisruptionBudget(budget));
    }

    [Fact]
    public void ValidatePodDisruptionBudget_BothMinAvailableAndMaxUnavailable_IsInvalidAtSpec()
    {
        var error = OnlyError(Validate(s => s.MaxUnavailable = IntOrString.FromInt(1)), "spec", FieldErrorType.Invalid);

        Assert.Contains("minAvailable and maxUnavailable cannot be both set", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minAvailable")]
    [InlineData("maxUnavailable")]
    public void ValidatePodDisruptionBudget_Negative_IsInvalidAtTheField(string field)
    {
        var result = Validate(s =>
        {
            s.MinAvailable = field == "minAvailable" ? IntOrString.FromInt(-1) : null;
            s.MaxUnavailable = field == "maxUnavailable" ? IntOrString.FromInt(-1) : null;
        });

        var error = OnlyError(result, "spec." + field, FieldErrorType.Invalid);
        Assert.Equal("spec." + field + ": Invalid value: -1: must be greater than or equal to 0", error.ToString());
    }

    [Theory]
    [InlineData("101%", "must not be greater than 100%")]
    [InlineData("50", "a valid percent string")]
    [InlineData("%", "a valid percent string")]
    [InlineData("-5%", "a valid percent string")]
    public void ValidatePodDisruptionBudget_BadPercent_IsInvalidAtTheField(string value, string expected)
    {
        var error = OnlyError(Validate(s => s.MinAvailable = IntOrString.FromString(value)), "spec.minAvailable", FieldErrorType.Invalid);

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePodDisruptionBudget_BadSelectorOperator_IsInvalidAtTheSelector()
    {
        var result = Validate(s => s.Selector = new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "Near", Values = ["web"] }],
        });

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.StartsWith("spec.selector.matchExpressions[0]", e.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatePodDisruptionBudget_BadLabelValueInSelector_IsInvalidAtMatchLabels()
    {
        var result = Validate(s => s.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "not valid!" } });

        SingleError(result, "spec.selector.matchLabels", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePodDisruptionBudget_UnknownUnhealthyPodEvictionPolicy_IsNotSupported()
    {
        var error = OnlyError(Validate(s => s.UnhealthyPodEvictionPolicy = "Sometimes"), "spec.unhealthyPodEvictionPolicy", FieldErrorType.NotSupported);

        Assert.Contains("\"AlwaysAllow\", \"IfHealthyBudget\"", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePodDisruptionBudget_NegativeStatusCount_IsInvalidAtTheStatusField()
    {
        var budget = Budget();
        budget.Status = new PodDisruptionBudgetStatus { DisruptionsAllowed = -1 };

        OnlyError(ObjectValidator.ValidatePodDisruptionBudget(budget), "status.disruptionsAllowed", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateEviction_UnknownPropagationPolicy_IsNotSupportedAtDeleteOptions()
    {
        var eviction = new Eviction { DeleteOptions = new DeleteOptions { PropagationPolicy = "Sideways" } };

        OnlyError(ObjectValidator.ValidateEviction(eviction), "deleteOptions.propagationPolicy", FieldErrorType.NotSupported);
    }

    [Fact]
    public void ValidateEviction_DryRunOtherThanAll_IsNotSupported()
    {
        var eviction = new Eviction { DeleteOptions = new DeleteOptions { DryRun = ["Some"] } };

        OnlyError(ObjectValidator.ValidateEviction(eviction), "deleteOptions.dryRun[0]", FieldErrorType.NotSupported);
    }
}
