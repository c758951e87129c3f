using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Validation;

public sealed class WarningTests
{
    private const string Suffix = ": not implemented by Orchestrator; the field is kept but has no effect";

    [Fact]
    public void ValidateDeployment_UnimplementedFields_WarnWithFullPaths()
    {
        const string json = """
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "web" },
              "spec": {
                "selector": { "matchLabels": { "app": "web" } },
                "template": {
                  "metadata": { "labels": { "app": "web" } },
                  "spec": {
                    "volumes": [ { "name": "data", "emptyDir": {} } ],
                    "hostAliases": [],
                    "containers": [ {
                      "name": "web", "image": "nginx",
                      "securityContext": { "runAsUser": 1000 },
                      "volumeMounts": [ { "name": "data", "mountPath": "/data" } ],
                      "env": [
                        { "name": "POD", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } },
                        { "name": "TOKEN", "valueFrom": { "secretKeyRef": { "name": "s", "key": "k" } } }
                      ],
                      "resources": { "claims": [ { "name": "gpu" } ] }
                    } ]
                  }
                }
              }
            }
            """;
        var deployment = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Deployment)!;

        var result = ObjectValidator.ValidateDeployment(deployment);

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Equal(
            [
                "spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef" + Suffix,
                "spec.template.spec.containers[0].resources.claims" + Suffix,
                "spec.template.spec.containers[0].securityContext" + Suffix,
                "spec.template.spec.containers[0].volumeMounts" + Suffix,
                "spec.template.spec.hostAliases" + Suffix,
                "spec.template.spec.volumes" + Suffix,
            ],
            result.Warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValidatePod_ExplicitJsonNull_DoesNotWarn()
    {
        const string json = """{"metadata":{"name":"p"},"spec":{"affinity":null,"containers":[{"name":"c","image":"i","livenessProbe":null}]}}""";
        var pod = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Pod)!;

        Assert.Empty(ObjectValidator.ValidatePod(pod).Warnings);
    }

    [Fact]
    public void ValidatePod_PodLevelFields_WarnAtSpecPaths()
    {
        var pod = ValidObjects.Pod();
        pod.Spec!.Affinity = new Affinity { PodAffinity = JsonDocument.Parse("{}").RootElement.Clone() };
        pod.Spec.HostNetwork = JsonDocument.Parse("true").RootElement.Clone();
        pod.Metadata.ManagedFields = JsonDocument.Parse("[]").RootElement.Clone();

        var warnings = ObjectValidator.ValidatePod(pod).Warnings;

        Assert.Equal(["metadata.managedFields" + Suffix, "spec.affinity.podAffinity" + Suffix, "spec.hostNetwork" + Suffix], warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValidateNodeAndEvent_UnimplementedFields_Warn()
    {
        var node = ValidObjects.Node();
        node.Spec!.PodCIDR = JsonDocument.Parse("\"10.0.0.0/24\"").RootElement.Clone();
        var ev = ValidObjects.Event();
        ev.Series = JsonDocument.Parse("""{"count":2}""").RootElement.Clone();

        Assert.Equal(["spec.podCIDR" + Suffix], ObjectValidator.ValidateNode(node).Warnings);
        Assert.Equal(["series" + Suffix], ObjectValidator.ValidateEvent(ev).Warnings);
    }
}
