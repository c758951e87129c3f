namespace Orchestrator.Core.Objects;

/// <summary>
/// A <c>v1</c> Secret: named values (base64 in <see cref="Data"/>), such as registry credentials of type
/// <c>kubernetes.io/dockerconfigjson</c>. Encrypted at rest by the control plane and never logged.
/// </summary>
public sealed class Secret : KubeObject
{
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Write-only convenience: merged into <see cref="Data"/> on write, never returned.</summary>
    public Dictionary<string, string>? StringData { get; set; }

    public string? Type { get; set; }

    public bool? Immutable { get; set; }
}
