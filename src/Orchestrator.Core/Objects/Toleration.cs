namespace Orchestrator.Core.Objects;

/// <summary>
/// A pod's toleration of node taints: <c>key</c>, <c>operator</c> (<c>Equal</c>, the default, or <c>Exists</c>),
/// <c>value</c>, <c>effect</c> (empty for all) and, for <c>NoExecute</c>, how long the pod stays once tainted.
/// </summary>
public sealed class Toleration
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }

    public long? TolerationSeconds { get; set; }
}
