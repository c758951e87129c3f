using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>A Service's status: load balancer ingress and conditions, neither of which this system sets.</summary>
public sealed class ServiceStatus
{
    public JsonElement? LoadBalancer { get; set; }

    public JsonElement? Conditions { get; set; }
}
