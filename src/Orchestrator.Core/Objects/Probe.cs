using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>A health check of a container (liveness, readiness or startup) and its timing, as Kubernetes defines it.</summary>
public sealed class Probe
{
    public ExecAction? Exec { get; set; }

    public HttpGetAction? HttpGet { get; set; }

    public TcpSocketAction? TcpSocket { get; set; }

    /// <summary>Kept but not run yet.</summary>
    public JsonElement? Grpc { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? SuccessThreshold { get; set; }

    public int? FailureThreshold { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }
}
