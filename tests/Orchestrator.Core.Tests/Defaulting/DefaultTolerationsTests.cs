using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Defaulting;

public sealed class DefaultTolerationsTests
{
    private const string NotReady = "node.kubernetes.io/not-ready";
    private const string Unreachable = "node.kubernetes.io/unreachable";

    private static Pod Pod(params Toleration[] tolerations) => new()
    {
        Metadata = new ObjectMeta { Name = "web-1" },
        Spec = new PodSpec
        {
            Containers = [new Container { Name = "web", Image = "web:1" }],
            Tolerations = tolerations.Length == 0 ? null : [.. tolerations],
        },
    };

    private static string[] Describe(Pod pod) =>
        [.. (pod.Spec!.Tolerations ?? []).Select(t => $"{t.Key}:{t.Operator}:{t.Effect}:{t.TolerationSeconds?.ToString() ?? "-"}")];

    public static TheoryData<string, Toleration[], string[]> Cases => new()
    {
        { "none", [], [$"{NotReady}:Exists:NoExecute:300", $"{Unreachable}:Exists:NoExecute:300"] },
        {
            "own unreachable toleration kept, not-ready added",
            [new Toleration { Key = Unreachable, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 5 }],
            [$"{Unreachable}:Exists:NoExecute:5", $"{NotReady}:Exists:NoExecute:300"]
        },
        {
            "both tolerated forever",
            [new Toleration { Key = NotReady, Operator = "Exists", Effect = "NoExecute" }, new Toleration { Key = Unreachable, Operator = "Exists", Effect = "NoExecute" }],
            [$"{NotReady}:Exists:NoExecute:-", $"{Unreachable}:Exists:NoExecute:-"]
        },
        { "tolerates everything", [new Toleration { Operator = "Exists" }], [":Exists::-"] },
        {
            "key without effect counts",
            [new Toleration { Key = NotReady, Operator = "Exists" }],
            [$"{NotReady}:Exists::-", $"{Unreachable}:Exists:NoExecute:300"]
        },
        {
            "NoSchedule only does not count",
            [new Toleration { Key = Unreachable, Operator = "Exists", Effect = "NoSchedule" }],
            [$"{Unreachable}:Exists:NoSchedule:-", $"{NotReady}:Exists:NoExecute:300", $"{Unreachable}:Exists:NoExecute:300"]
        },
        {
            "other keys do not count",
            [new Toleration { Key = "dedicated", Operator = "Equal", Value = "gpu", Effect = "NoSchedule" }],
            ["dedicated:Equal:NoSchedule:-", $"{NotReady}:Exists:NoExecute:300", $"{Unreachable}:Exists:NoExecute:300"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_PodTolerations_AddsTheFiveMinuteTolerationsItLacks(string @case, Toleration[] tolerations, string[] expected)
    {
        var pod = Pod(tolerations);

        DefaultTolerations.Apply(pod);

        Assert.True(expected.SequenceEqual(Describe(pod)), $"{@case}: {string.Join(", ", Describe(pod))}");
    }

    [Fact]
    public void Apply_Twice_AddsThemOnce()
    {
        var pod = Pod();

        DefaultTolerations.Apply(pod);
        DefaultTolerations.Apply(pod);

        Assert.Equal(2, pod.Spec!.Tolerations!.Count);
    }

    [Fact]
    public void ObjectDefaultsApply_PodOrTemplate_AddsNoToleration()
    {
        // Tolerations are added when a pod is created only; the defaults that also run on every update never add them.
        var pod = Pod();
        var deployment = new Deployment { Spec = new DeploymentSpec { Template = new PodTemplateSpec { Spec = Pod().Spec } } };

        ObjectDefaults.Apply(pod);
        ObjectDefaults.Apply(deployment);

        Assert.Null(pod.Spec!.Tolerations);
        Assert.Null(deployment.Spec.Template.Spec!.Tolerations);
    }
}
