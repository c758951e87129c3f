using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Defaulting;

public sealed class ObjectDefaultsTests
{
    private static Pod BarePod() => new()
    {
        Metadata = new ObjectMeta { Name = "p" },
        Spec = new PodSpec
        {
            Containers = [new Container { Name = "c", Image = "nginx:1.27", Ports = [new ContainerPort { ContainerPortNumber = 80 }] }],
        },
    };

    [Fact]
    public void Apply_BarePod_FillsKubernetesPodDefaults()
    {
        var pod = BarePod();

        ObjectDefaults.Apply(pod);

        var spec = pod.Spec!;
        Assert.Equal("Always", spec.RestartPolicy);
        Assert.Equal(30, spec.TerminationGracePeriodSeconds);
        Assert.Equal("ClusterFirst", spec.DnsPolicy);
        Assert.Equal("default-scheduler", spec.SchedulerName);
        var container = spec.Containers![0];
        Assert.Equal("/dev/termination-log", container.TerminationMessagePath);
        Assert.Equal("File", container.TerminationMessagePolicy);
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.Equal("TCP", container.Ports![0].Protocol);
    }

    [Fact]
    public void Apply_PodWithValuesSet_KeepsThem()
    {
        var pod = BarePod();
        pod.Spec!.RestartPolicy = "Never";
        pod.Spec.TerminationGracePeriodSeconds = 0;
        pod.Spec.SchedulerName = "custom";
        pod.Spec.Containers![0].ImagePullPolicy = "Never";
        pod.Spec.Containers[0].Ports![0].Protocol = "UDP";

        ObjectDefaults.Apply(pod);

        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal(0, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("custom", pod.Spec.SchedulerName);
        Assert.Equal("Never", pod.Spec.Containers[0].ImagePullPolicy);
        Assert.Equal("UDP", pod.Spec.Containers[0].Ports![0].Protocol);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("localhost:5000/team/app", "Always")]
    [InlineData("localhost:5000/team/app:v2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void DefaultImagePullPolicy_Image_FollowsTag(string image, string expected)
    {
        Assert.Equal(expected, ObjectDefaults.DefaultImagePullPolicy(image));
    }

    [Fact]
    public void Apply_LimitsWithoutRequests_RequestsTheLimits()
    {
        var pod = BarePod();
        pod.Spec!.Containers![0].Resources = new ResourceRequirements
        {
            Limits = new() { ["cpu"] = new Quantity("500m"), ["memory"] = new Quantity("1Gi") },
            Requests = new() { ["cpu"] = new Quantity("100m") },
        };

        ObjectDefaults.Apply(pod);

        var requests = pod.Spec.Containers[0].Resources!.Requests!;
        Assert.Equal("100m", requests["cpu"].Text);
        Assert.Equal("1Gi", requests["memory"].Text);
    }

    [Fact]
    public void Apply_BareDeployment_FillsDeploymentDefaults()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "d" },
            Spec = new DeploymentSpec { Template = new PodTemplateSpec { Spec = BarePod().Spec } },
        };

        ObjectDefaults.Apply(deployment);

        var spec = deployment.Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("RollingUpdate", spec.Strategy!.Type);
        Assert.Equal("25%", spec.Strategy.RollingUpdate!.MaxUnavailable!.Text);
        Assert.Equal("25%", spec.Strategy.RollingUpdate.MaxSurge!.Text);
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal(600, spec.ProgressDeadlineSeconds);
        Assert.Equal("Always", spec.Template!.Spec!.RestartPolicy);
        Assert.Equal("File", spec.Template.Spec.Containers![0].TerminationMessagePolicy);
    }

    [Fact]
    public void Apply_RecreateDeployment_AddsNoRollingUpdate()
    {
        var deployment = new Deployment { Spec = new DeploymentSpec { Strategy = new DeploymentStrategy { Type = "Recreate" } } };

        ObjectDefaults.Apply(deployment);

        Assert.Null(deployment.Spec.Strategy!.RollingUpdate);
    }

    [Fact]
    public void Apply_PartialRollingUpdate_FillsOnlyTheMissingBound()
    {
        var deployment = new Deployment
        {
            Spec = new DeploymentSpec
            {
                Strategy = new DeploymentStrategy { RollingUpdate = new RollingUpdateDeployment { MaxSurge = IntOrString.FromInt(1) } },
            },
        };

        ObjectDefaults.Apply(deployment);

        Assert.Equal(1, deployment.Spec.Strategy!.RollingUpdate!.MaxSurge!.Number);
        Assert.Equal("25%", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable!.Text);
    }

    [Fact]
    public void Apply_ReplicaSet_FillsReplicasAndTemplate()
    {
        var replicaSet = new ReplicaSet { Spec = new ReplicaSetSpec { Template = new PodTemplateSpec { Spec = BarePod().Spec } } };

        ObjectDefaults.Apply(replicaSet);

        Assert.Equal(1, replicaSet.Spec.Replicas);
        Assert.Equal("ClusterFirst", replicaSet.Spec.Template!.Spec!.DnsPolicy);
    }

    [Fact]
    public void Apply_Namespace_IsActive()
    {
        var ns = new Namespace { Metadata = new ObjectMeta { Name = "a" } };

        ObjectDefaults.Apply(ns);

        Assert.Equal("Active", ns.Status!.Phase);
    }

    [Fact]
    public void Apply_NodeWithCapacityOnly_AllocatesCapacity()
    {
        var node = new Node { Status = new NodeStatus { Capacity = new() { ["cpu"] = new Quantity("4") } } };

        ObjectDefaults.Apply(node);

        Assert.Equal("4", node.Status.Allocatable!["cpu"].Text);
    }

    [Fact]
    public void Apply_PartialObjects_NeverThrow()
    {
        ObjectDefaults.Apply(new Pod());
        ObjectDefaults.Apply(new Pod { Spec = new PodSpec { Containers = [null!, new Container { Ports = [null!] }] } });
        ObjectDefaults.Apply(new Deployment());
        ObjectDefaults.Apply(new Deployment { Spec = new DeploymentSpec { Template = new PodTemplateSpec() } });
        ObjectDefaults.Apply(new ReplicaSet { Spec = new ReplicaSetSpec() });
        ObjectDefaults.Apply(new Node());
        ObjectDefaults.Apply(new Namespace { Metadata = null! });
        ObjectDefaults.Apply((Pod)null!);

        var container = new Container { Resources = new ResourceRequirements { Limits = new() { ["cpu"] = new Quantity("1") } } };
        ObjectDefaults.Apply(new Pod { Spec = new PodSpec { Containers = [container] } });
        Assert.Null(container.ImagePullPolicy);
        Assert.Equal("1", container.Resources.Requests!["cpu"].Text);
    }
}
