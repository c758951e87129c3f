using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

public sealed class PodSchedulerFilterTests
{
    private static Node Tainted(string name, params Taint[] taints)
    {
        var node = Node(name);
        node.Spec!.Taints = [.. taints];
        return node;
    }

    private static Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    private static Pod WithTolerations(Pod pod, params Toleration[] tolerations)
    {
        pod.Spec!.Tolerations = [.. tolerations];
        return pod;
    }

    private static Pod WithHostPort(Pod pod, int port, string? protocol = null)
    {
        pod.Spec!.Containers![0].Ports = [new ContainerPort { ContainerPortNumber = 8080, HostPort = port, Protocol = protocol }];
        return pod;
    }

    private static Pod AntiAffine(string name, string app, string? nodeName = null, string ns = "default")
    {
        var pod = Pod(name, nodeName: nodeName, ns: ns);
        pod.Metadata.Labels = new() { ["app"] = app };
        pod.Spec!.Affinity = new Affinity
        {
            PodAntiAffinity = new PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new PodAffinityTerm
                    {
                        LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = app } },
                        TopologyKey = "kubernetes.io/hostname",
                    },
                ],
            },
        };
        return pod;
    }

    private static Pod WithNodeAffinity(Pod pod, NodeAffinity affinity)
    {
        pod.Spec!.Affinity = new Affinity { NodeAffinity = affinity };
        return pod;
    }

    private static NodeSelector Required(params NodeSelectorTerm[] terms) => new() { NodeSelectorTerms = [.. terms] };

    private static NodeSelectorTerm Term(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new NodeSelectorRequirement { Key = key, Operator = op, Values = values.Length == 0 ? null : [.. values] }] };

    [Theory]
    [InlineData("NoSchedule")]
    [InlineData("NoExecute")]
    public void Schedule_UntoleratedTaint_KeepsPodOffWithKubernetesMessage(string effect)
    {
        var result = PodScheduler.Schedule([Pod("web")], [Tainted("node-a", Taint("dedicated", "gpu", effect))], []);

        Assert.Empty(result.Bindings);
        Assert.Equal("0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ToleratedTaint_BindsPod()
    {
        var pod = WithTolerations(Pod("web"), new Toleration { Key = "dedicated", Operator = "Equal", Value = "gpu", Effect = "NoSchedule" });

        var result = PodScheduler.Schedule([pod], [Tainted("node-a", Taint("dedicated", "gpu", "NoSchedule"))], []);

        Assert.Equal("node-a", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_TolerateEverything_BindsOnAnyTaintedNode()
    {
        var pod = WithTolerations(Pod("agent"), new Toleration { Operator = "Exists" });

        var result = PodScheduler.Schedule(
            [pod], [Tainted("node-a", Taint("a", "1", "NoSchedule"), Taint("b", null, "NoExecute"))], []);

        Assert.Equal("node-a", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_PreferNoScheduleTaint_OnlyLowersScore()
    {
        var result = PodScheduler.Schedule(
            [Pod("web")], [Tainted("node-a", Taint("spot", "true", "PreferNoSchedule")), Node("node-b", cpu: "2", memory: "4Gi")], []);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);

        var onlyTainted = PodScheduler.Schedule([Pod("web")], [Tainted("node-a", Taint("spot", "true", "PreferNoSchedule"))], []);
        Assert.Equal("node-a", Assert.Single(onlyTainted.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_FewerIntolerablePreferNoScheduleTaints_Wins()
    {
        Node[] nodes =
        [
            Tainted("node-a", Taint("x", "1", "PreferNoSchedule"), Taint("y", "1", "PreferNoSchedule")),
            Tainted("node-b", Taint("x", "1", "PreferNoSchedule")),
        ];

        var result = PodScheduler.Schedule([Pod("web")], nodes, []);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_NotReadyNodeWithSpecTaints_StillReportsNotReady()
    {
        var node = Tainted("node-a", Taint("dedicated", "gpu", "NoSchedule"));
        node.Status!.Conditions![0].Status = "False";

        var result = PodScheduler.Schedule([Pod("web")], [node], []);

        Assert.Equal(
            "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.", Assert.Single(result.Unschedulable).Message);
    }

    [Theory]
    [InlineData("In", new[] { "eu-1", "eu-2" }, true)]
    [InlineData("In", new[] { "us-1" }, false)]
    [InlineData("NotIn", new[] { "us-1" }, true)]
    [InlineData("NotIn", new[] { "eu-1" }, false)]
    [InlineData("Exists", new string[0], true)]
    [InlineData("DoesNotExist", new string[0], false)]
    public void Schedule_RequiredNodeAffinityOperators_MatchZoneLabel(string op, string[] values, bool binds)
    {
        var node = Node("node-a", labels: new() { ["zone"] = "eu-1" });
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = Required(Term("zone", op, values)) });

        var result = PodScheduler.Schedule([pod], [node], []);

        Assert.Equal(binds ? 1 : 0, result.Bindings.Count);
        if (!binds)
        {
            Assert.Equal("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.", Assert.Single(result.Unschedulable).Message);
        }
    }

    [Theory]
    [InlineData("Gt", "7", true)]
    [InlineData("Gt", "8", false)]
    [InlineData("Lt", "9", true)]
    [InlineData("Lt", "8", false)]
    public void Schedule_GtLt_CompareLabelAsInteger(string op, string value, bool binds)
    {
        var node = Node("node-a", labels: new() { ["cores"] = "8" });
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = Required(Term("cores", op, value)) });

        Assert.Equal(binds ? 1 : 0, PodScheduler.Schedule([pod], [node], []).Bindings.Count);
    }

    [Fact]
    public void Schedule_RequiredNodeAffinity_TermsOredExpressionsAnded()
    {
        Node[] nodes =
        [
            Node("node-a", labels: new() { ["zone"] = "eu-1", ["disk"] = "hdd" }),
            Node("node-b", labels: new() { ["zone"] = "eu-1", ["disk"] = "ssd" }),
        ];
        var both = new NodeSelectorTerm
        {
            MatchExpressions =
            [
                new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["eu-1"] },
                new NodeSelectorRequirement { Key = "disk", Operator = "In", Values = ["ssd"] },
            ],
        };
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = Required(Term("zone", "In", "us-1"), both) });

        var result = PodScheduler.Schedule([pod], nodes, []);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_MatchFieldsOnName_PinsToNode()
    {
        var term = new NodeSelectorTerm { MatchFields = [new NodeSelectorRequirement { Key = "metadata.name", Operator = "In", Values = ["node-b"] }] };
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = Required(term) });

        var result = PodScheduler.Schedule([pod], [Node("node-a", cpu: "64"), Node("node-b")], []);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_PreferredNodeAffinity_OutweighsFreeResources()
    {
        Node[] nodes = [Node("big", cpu: "64", memory: "256Gi"), Node("ssd", cpu: "2", memory: "4Gi", labels: new() { ["disk"] = "ssd" })];
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity
        {
            PreferredDuringSchedulingIgnoredDuringExecution = [new PreferredSchedulingTerm { Weight = 10, Preference = Term("disk", "In", "ssd") }],
        });

        var result = PodScheduler.Schedule([pod, Pod("plain")], nodes, []);

        Assert.Equal("ssd", result.Bindings.Single(b => b.Pod.Metadata.Name == "web").NodeName);
        Assert.Equal("big", result.Bindings.Single(b => b.Pod.Metadata.Name == "plain").NodeName);
    }

    [Fact]
    public void Schedule_PreferredNodeAffinity_HigherWeightSumWins()
    {
        Node[] nodes =
        [
            Node("node-a", labels: new() { ["disk"] = "ssd" }),
            Node("node-b", labels: new() { ["disk"] = "ssd", ["gpu"] = "yes" }),
        ];
        var pod = WithNodeAffinity(Pod("web"), new NodeAffinity
        {
            PreferredDuringSchedulingIgnoredDuringExecution =
            [
                new PreferredSchedulingTerm { Weight = 50, Preference = Term("disk", "In", "ssd") },
                new PreferredSchedulingTerm { Weight = 1, Preference = Term("gpu", "Exists") },
            ],
        });

        Assert.Equal("node-b", Assert.Single(PodScheduler.Schedule([pod], nodes, []).Bindings).NodeName);
    }

    [Fact]
    public void Schedule_HostPortTakenByBoundPod_ReportsNoFreePorts()
    {
        var bound = WithHostPort(Pod("old", nodeName: "node-a"), 80);

        var result = PodScheduler.Schedule([WithHostPort(Pod("web"), 80)], [Node("node-a")], [bound]);

        Assert.Equal("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_SameHostPortOtherProtocol_NoConflict()
    {
        var bound = WithHostPort(Pod("dns-tcp", nodeName: "node-a"), 53);

        var result = PodScheduler.Schedule([WithHostPort(Pod("dns-udp"), 53, "UDP")], [Node("node-a")], [bound]);

        Assert.Single(result.Bindings);
    }

    [Fact]
    public void Schedule_HostPortPodsInOnePass_NeverShareANode()
    {
        Pod[] pods = [WithHostPort(Pod("a"), 80), WithHostPort(Pod("b"), 80), WithHostPort(Pod("c"), 80)];

        var result = PodScheduler.Schedule(pods, [Node("node-a"), Node("node-b")], []);

        Assert.Equal(2, result.Bindings.Count);
        Assert.Equal(2, result.Bindings.Select(b => b.NodeName).Distinct().Count());
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_AntiAffinePodsInOnePass_OnePerNode()
    {
        Pod[] pods = [AntiAffine("web-1", "web"), AntiAffine("web-2", "web"), AntiAffine("web-3", "web")];

        var result = PodScheduler.Schedule(pods, [Node("node-a", cpu: "64"), Node("node-b")], []);

        Assert.Equal(2, result.Bindings.Count);
        Assert.Equal(2, result.Bindings.Select(b => b.NodeName).Distinct().Count());
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_BoundPodWithAntiAffinity_RepelsMatchingNewcomer()
    {
        // Symmetry: the newcomer has no anti-affinity of its own, but the bound pod's term matches it.
        var bound = AntiAffine("web-1", "web", nodeName: "node-a");
        var plain = Pod("web-2");
        plain.Metadata.Labels = new() { ["app"] = "web" };

        var result = PodScheduler.Schedule([plain], [Node("node-a", cpu: "64"), Node("node-b")], [bound]);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_AntiAffinityOtherNamespace_DoesNotApply()
    {
        var bound = AntiAffine("web-1", "web", nodeName: "node-a", ns: "team-a");

        var result = PodScheduler.Schedule([AntiAffine("web-1", "web", ns: "team-b")], [Node("node-a")], [bound]);

        Assert.Equal("node-a", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_MixedReasons_CountsFirstFailingFilterPerNode()
    {
        Node[] nodes =
        [
            Tainted("tainted", Taint("dedicated", "db", "NoSchedule")),
            Node("zone-us", labels: new() { ["zone"] = "us-1" }),
            Node("small", cpu: "1", labels: new() { ["zone"] = "eu-1" }),
        ];
        nodes[0].Metadata.Labels = new() { ["zone"] = "eu-1" };
        var pod = WithNodeAffinity(Pod("web", cpu: "2"), new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = Required(Term("zone", "In", "eu-1")) });

        var result = PodScheduler.Schedule([pod], nodes, []);

        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}.",
            Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_PodsWithDifferentTolerations_DoNotShareCachedCandidates()
    {
        var tolerant = WithTolerations(Pod("tolerant", ageSeconds: 10), new Toleration { Key = "dedicated", Operator = "Exists" });

        var result = PodScheduler.Schedule([tolerant, Pod("plain")], [Tainted("node-a", Taint("dedicated", "db", "NoSchedule"))], []);

        Assert.Equal("tolerant", Assert.Single(result.Bindings).Pod.Metadata.Name);
        Assert.Equal("plain", Assert.Single(result.Unschedulable).Pod.Metadata.Name);
    }
}
