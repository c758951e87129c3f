namespace Orchestrator.ControlPlane.Api;

/// <summary>Limits and defaults of the HTTP API.</summary>
public sealed class ApiOptions
{
    /// <summary>Request bodies above this size are refused with 413 (Kubernetes' own limit is about 3 MiB; objects are smaller here).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a join token is valid when the request does not say.</summary>
    public TimeSpan DefaultJoinTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest join token lifetime a request may ask for.</summary>
    public TimeSpan MaxJoinTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The lease duration recorded when an agent does not say.</summary>
    public int DefaultLeaseDurationSeconds { get; set; } = 40;
}
