using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class SchedulingValidationTests
{
    private static ValidationResult WithTolerations(params Toleration[] tolerations)
    {
        var pod = ValidObjects.Pod();
        pod.Spec!.Tolerations = [.. tolerations];
        return ObjectValidator.ValidatePod(pod);
    }

    private static ValidationResult WithAffinity(Affinity affinity)
    {
        var pod = ValidObjects.Pod();
        pod.Spec!.Affinity = affinity;
        return ObjectValidator.ValidatePod(pod);
    }

    private static Affinity Required(params NodeSelectorRequirement[] expressions) => new()
    {
        NodeAffinity = new NodeAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector { NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [.. expressions] }] },
        },
    };

    private const string ExpressionPath = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]";

    [Fact]
    public void ValidatePod_ValidTolerationsAndAffinity_NoErrorsNoWarnings()
    {
        var pod = ValidObjects.Pod();
        pod.Spec!.Tolerations =
        [
            new Toleration { Operator = "Exists" },
            new Toleration { Key = "node.kubernetes.io/unreachable", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
            new Toleration { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" },
        ];
        pod.Spec.Affinity = Required(new NodeSelectorRequirement { Key = "cores", Operator = "Gt", Values = ["4"] });
        pod.Spec.Affinity.PodAntiAffinity = new PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
                [new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } }, TopologyKey = "kubernetes.io/hostname" }],
        };

        var result = ObjectValidator.ValidatePod(pod);

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ValidatePod_ExistsWithValue_RejectedAtOperator()
    {
        var error = OnlyError(WithTolerations(new Toleration { Key = "a", Operator = "Exists", Value = "x" }), "spec.tolerations[0].operator", FieldErrorType.Invalid);

        Assert.Contains("value must be empty when `operator` is 'Exists'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_EmptyKeyWithEqual_RejectedAtOperator()
    {
        OnlyError(WithTolerations(new Toleration { Operator = "Equal", Value = "x" }), "spec.tolerations[0].operator", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidatePod_UnknownEffectOrOperator_NotSupported()
    {
        OnlyError(WithTolerations(new Toleration { Key = "a", Effect = "NoRun" }), "spec.tolerations[0].effect", FieldErrorType.NotSupported);
        OnlyError(WithTolerations(new Toleration { Key = "a", Operator = "In" }), "spec.tolerations[0].operator", FieldErrorType.NotSupported);
    }

    [Fact]
    public void ValidatePod_TolerationSecondsWithoutNoExecute_RejectedAtEffect()
    {
        var error = OnlyError(
            WithTolerations(new Toleration { Key = "a", Operator = "Exists", Effect = "NoSchedule", TolerationSeconds = 60 }),
            "spec.tolerations[0].effect", FieldErrorType.Invalid);

        Assert.Contains("effect must be 'NoExecute' when `tolerationSeconds` is set", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("In", new string[0], ".values", FieldErrorType.Required)]
    [InlineData("NotIn", new string[0], ".values", FieldErrorType.Required)]
    [InlineData("Exists", new[] { "x" }, ".values", FieldErrorType.Forbidden)]
    [InlineData("DoesNotExist", new[] { "x" }, ".values", FieldErrorType.Forbidden)]
    [InlineData("Gt", new[] { "1", "2" }, ".values", FieldErrorType.Required)]
    [InlineData("Lt", new[] { "ten" }, ".values[0]", FieldErrorType.Invalid)]
    [InlineData("Near", new[] { "x" }, ".operator", FieldErrorType.Invalid)]
    public void ValidatePod_NodeSelectorRequirement_ChecksOperatorAndValues(string op, string[] values, string suffix, FieldErrorType type)
    {
        OnlyError(WithAffinity(Required(new NodeSelectorRequirement { Key = "zone", Operator = op, Values = [.. values] })), ExpressionPath + suffix, type);
    }

    [Fact]
    public void ValidatePod_RequiredNodeAffinityWithoutTerms_Required()
    {
        var affinity = new Affinity { NodeAffinity = new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector() } };

        OnlyError(WithAffinity(affinity), "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_MatchFieldsOtherThanName_NotSupported()
    {
        var affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                {
                    NodeSelectorTerms = [new NodeSelectorTerm { MatchFields = [new NodeSelectorRequirement { Key = "metadata.uid", Operator = "In", Values = ["x"] }] }],
                },
            },
        };

        OnlyError(WithAffinity(affinity),
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key", FieldErrorType.NotSupported);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void ValidatePod_PreferredWeightOutOfRange_Invalid(int weight)
    {
        var affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new PreferredSchedulingTerm
                    {
                        Weight = weight,
                        Preference = new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "Exists" }] },
                    },
                ],
            },
        };

        var error = OnlyError(WithAffinity(affinity), "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", FieldErrorType.Invalid);
        Assert.Contains("must be in the range 1-100", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePod_AntiAffinityWithoutTopologyKey_Required()
    {
        var affinity = new Affinity
        {
            PodAntiAffinity = new PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } }],
            },
        };

        OnlyError(WithAffinity(affinity), "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_AntiAffinityBadSelector_RejectedAtSelectorPath()
    {
        var affinity = new Affinity
        {
            PodAntiAffinity = new PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new PodAffinityTerm
                    {
                        LabelSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "In" }] },
                        TopologyKey = "kubernetes.io/hostname",
                    },
                ],
            },
        };

        OnlyError(WithAffinity(affinity),
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values", FieldErrorType.Required);
    }

    [Fact]
    public void ValidatePod_UnenforcedAffinityParts_Warn()
    {
        var affinity = new Affinity
        {
            PodAffinity = JsonDocument.Parse("{}").RootElement.Clone(),
            PodAntiAffinity = new PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                    [new PodAffinityTerm { LabelSelector = new LabelSelector(), TopologyKey = "topology.kubernetes.io/zone" }],
            },
        };

        var result = WithAffinity(affinity);

        NoErrors(result);
        Assert.Equal(2, result.Warnings.Count);
        Assert.StartsWith("spec.affinity.podAffinity: not implemented", result.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey:", result.Warnings[1], StringComparison.Ordinal);
    }

    private static ValidationResult WithSpread(params TopologySpreadConstraint[] constraints)
    {
        var pod = ValidObjects.Pod();
        pod.Spec!.TopologySpreadConstraints = [.. constraints];
        return ObjectValidator.ValidatePod(pod);
    }

    private static TopologySpreadConstraint Spread(int maxSkew = 1, string? key = "topology.kubernetes.io/zone", string? when = "DoNotSchedule", int? minDomains = null) => new()
    {
        MaxSkew = maxSkew,
        TopologyKey = key,
        WhenUnsatisfiable = when,
        MinDomains = minDomains,
        LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
    };

    [Fact]
    public void ValidatePod_ValidTopologySpread_NoErrorsNoWarnings()
    {
        var result = WithSpread(Spread(), Spread(2, "kubernetes.io/hostname", "ScheduleAnyway"));

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(0, "topology.kubernetes.io/zone", "DoNotSchedule", null, "spec.topologySpreadConstraints[0].maxSkew", FieldErrorType.Invalid)]
    [InlineData(1, "", "DoNotSchedule", null, "spec.topologySpreadConstraints[0].topologyKey", FieldErrorType.Required)]
    [InlineData(1, "bad key!", "DoNotSchedule", null, "spec.topologySpreadConstraints[0].topologyKey", FieldErrorType.Invalid)]
    [InlineData(1, "topology.kubernetes.io/zone", "Sometimes", null, "spec.topologySpreadConstraints[0].whenUnsatisfiable", FieldErrorType.NotSupported)]
    [InlineData(1, "topology.kubernetes.io/zone", "DoNotSchedule", 0, "spec.topologySpreadConstraints[0].minDomains", FieldErrorType.Invalid)]
    [InlineData(1, "topology.kubernetes.io/zone", "ScheduleAnyway", 2, "spec.topologySpreadConstraints[0].minDomains", FieldErrorType.Invalid)]
    public void ValidatePod_InvalidTopologySpread_NamesTheField(int maxSkew, string key, string when, int? minDomains, string path, FieldErrorType type)
    {
        OnlyError(WithSpread(Spread(maxSkew, key, when, minDomains)), path, type);
    }

    [Fact]
    public void ValidatePod_RepeatedTopologyKeyAndAction_IsDuplicate()
    {
        var error = OnlyError(WithSpread(Spread(), Spread(2)), "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}", FieldErrorType.Duplicate);

        Assert.Equal("{topology.kubernetes.io/zone, DoNotSchedule}", error.BadValue);
    }
}
