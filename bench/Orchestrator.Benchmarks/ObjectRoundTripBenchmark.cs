using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.Benchmarks;

/// <summary>
/// What the API does with the body of a create: deserialize it with the source-generated <see cref="KubeJsonContext"/>,
/// apply the defaults and validate it with <see cref="ObjectValidator"/>, and serialize it back to the bytes that are
/// stored and returned. One operation is one object; the parts are also measured on their own.
/// </summary>
[MemoryDiagnoser]
public class ObjectRoundTripBenchmark
{
    /// <summary>A Pod with resources, env (values and a fieldRef), ports and liveness/readiness/startup probes.</summary>
    private const string PodJson = """
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": {
            "name": "web-7d9f8b6c5-x2k9p", "namespace": "default",
            "labels": {"app": "web", "tier": "frontend", "pod-template-hash": "7d9f8b6c5"},
            "annotations": {"example.com/owner": "payments-team"}
          },
          "spec": {
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}],
            "containers": [{
              "name": "web", "image": "registry.example.com/web:1.4.2",
              "command": ["/app/web"], "args": ["--listen", ":8080", "--log-level", "info"],
              "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
              "env": [
                {"name": "ASPNETCORE_ENVIRONMENT", "value": "Production"},
                {"name": "CACHE_SIZE_MB", "value": "256"},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
              ],
              "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
              "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 5, "periodSeconds": 10, "failureThreshold": 3},
              "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
              "startupProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 2, "failureThreshold": 30}
            }]
          }
        }
        """;

    /// <summary>The Deployment of the README's first session, in the default namespace.</summary>
    private const string DeploymentJson = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {"name": "sleeper", "namespace": "default", "labels": {"app": "sleeper"}},
          "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "sleeper"}},
            "template": {
              "metadata": {"labels": {"app": "sleeper"}},
              "spec": {
                "runtimeClassName": "process",
                "containers": [{"name": "main", "image": "busybox", "command": ["sleep"], "args": ["3600"],
                                "resources": {"requests": {"cpu": "100m", "memory": "16Mi"}}}]
              }
            }
          }
        }
        """;

    private byte[] _podBytes = [];
    private byte[] _deploymentBytes = [];
    private Pod _pod = new();
    private Deployment _deployment = new();

    [GlobalSetup]
    public void Setup()
    {
        _podBytes = Encoding.UTF8.GetBytes(PodJson);
        _deploymentBytes = Encoding.UTF8.GetBytes(DeploymentJson);
        _pod = Deserialize(_podBytes, KubeJsonContext.Default.Pod);
        ObjectDefaults.Apply(_pod);
        _deployment = Deserialize(_deploymentBytes, KubeJsonContext.Default.Deployment);
        ObjectDefaults.Apply(_deployment);

        // Measure the path of a valid object, as most requests are: refuse to run on an object the API would reject.
        EnsureClean("Pod", ObjectValidator.ValidatePod(_pod));
        EnsureClean("Deployment", ObjectValidator.ValidateDeployment(_deployment));
    }

    [Benchmark]
    public Pod PodDeserialize() => Deserialize(_podBytes, KubeJsonContext.Default.Pod);

    [Benchmark]
    public ValidationResult PodValidate() => ObjectValidator.ValidatePod(_pod);

    [Benchmark]
    public byte[] PodSerialize() => JsonSerializer.SerializeToUtf8Bytes(_pod, KubeJsonContext.Default.Pod);

    /// <summary>Deserialize, default, validate, serialize: the CPU part of a Pod create.</summary>
    [Benchmark]
    public byte[] PodRoundTrip()
    {
        var pod = Deserialize(_podBytes, KubeJsonContext.Default.Pod);
        ObjectDefaults.Apply(pod);
        var validation = ObjectValidator.ValidatePod(pod);
        return validation.IsValid ? JsonSerializer.SerializeToUtf8Bytes(pod, KubeJsonContext.Default.Pod) : [];
    }

    [Benchmark]
    public Deployment DeploymentDeserialize() => Deserialize(_deploymentBytes, KubeJsonContext.Default.Deployment);

    [Benchmark]
    public ValidationResult DeploymentValidate() => ObjectValidator.ValidateDeployment(_deployment);

    [Benchmark]
    public byte[] DeploymentSerialize() => JsonSerializer.SerializeToUtf8Bytes(_deployment, KubeJsonContext.Default.Deployment);

    /// <summary>Deserialize, default, validate, serialize: the CPU part of a Deployment create.</summary>
    [Benchmark]
    public byte[] DeploymentRoundTrip()
    {
        var deployment = Deserialize(_deploymentBytes, KubeJsonContext.Default.Deployment);
        ObjectDefaults.Apply(deployment);
        var validation = ObjectValidator.ValidateDeployment(deployment);
        return validation.IsValid ? JsonSerializer.SerializeToUtf8Bytes(deployment, KubeJsonContext.Default.Deployment) : [];
    }

    private static T Deserialize<T>(byte[] utf8, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new InvalidOperationException($"{typeof(T).Name} JSON deserialized to null.");

    private static void EnsureClean(string kind, ValidationResult validation)
    {
        if (!validation.IsValid || validation.Warnings.Count > 0)
        {
            throw new InvalidOperationException($"The benchmark {kind} is not a clean, valid object: {validation.ErrorSummary} {string.Join("; ", validation.Warnings)}");
        }
    }
}
