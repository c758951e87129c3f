using System.Text.Json;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Validation;

/// <summary>The Deployments of the Kubernetes guestbook example (frontend-deployment.yaml, redis-master-deployment.yaml) as JSON.</summary>
public sealed class GuestbookManifestTests
{
    private const string Frontend = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "frontend" },
          "spec": {
            "selector": { "matchLabels": { "app": "guestbook", "tier": "frontend" } },
            "replicas": 3,
            "template": {
              "metadata": { "labels": { "app": "guestbook", "tier": "frontend" } },
              "spec": {
                "containers": [ {
                  "name": "php-redis",
                  "image": "gcr.io/google-samples/gb-frontend:v5",
                  "resources": { "requests": { "cpu": "100m", "memory": "100Mi" } },
                  "env": [ { "name": "GET_HOSTS_FROM", "value": "dns" } ],
                  "ports": [ { "containerPort": 80 } ]
                } ]
              }
            }
          }
        }
        """;

    private const string RedisMaster = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "redis-master" },
          "spec": {
            "selector": { "matchLabels": { "app": "redis", "role": "master", "tier": "backend" } },
            "replicas": 1,
            "template": {
              "metadata": { "labels": { "app": "redis", "role": "master", "tier": "backend" } },
              "spec": {
                "containers": [ {
                  "name": "master",
                  "image": "registry.k8s.io/redis:e2e",
                  "resources": { "requests": { "cpu": "100m", "memory": "100Mi" } },
                  "ports": [ { "containerPort": 6379 } ]
                } ]
              }
            }
          }
        }
        """;

    [Theory]
    [InlineData(Frontend)]
    [InlineData(RedisMaster)]
    public void ValidateDeployment_GuestbookManifest_HasNoErrorsOrWarnings(string json)
    {
        var deployment = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Deployment)!;

        var raw = ObjectValidator.ValidateDeployment(deployment);
        ObjectDefaults.Apply(deployment);
        var defaulted = ObjectValidator.ValidateDeployment(deployment);

        Assert.True(raw.IsValid, string.Join(" | ", raw.Errors));
        Assert.True(defaulted.IsValid, string.Join(" | ", defaulted.Errors));
        Assert.Empty(defaulted.Warnings);
    }

    [Fact]
    public void Apply_FrontendManifest_DefaultsLikeKubernetes()
    {
        var deployment = JsonSerializer.Deserialize(Frontend, KubeJsonContext.Default.Deployment)!;

        ObjectDefaults.Apply(deployment);

        var container = deployment.Spec!.Template!.Spec!.Containers![0];
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.Equal("TCP", container.Ports![0].Protocol);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy!.Type);
        Assert.Equal(IntOrString.FromString("25%"), deployment.Spec.Strategy.RollingUpdate!.MaxSurge);
        Assert.Equal(3, deployment.Spec.Replicas);
    }
}
