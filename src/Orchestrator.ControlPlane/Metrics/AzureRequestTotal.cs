namespace Orchestrator.ControlPlane.Metrics;

/// <summary>How many requests went to one Azure Storage service with one HTTP method.</summary>
internal sealed record AzureRequestTotal(string Service, string Method, long Count);
