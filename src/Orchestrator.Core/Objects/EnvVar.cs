namespace Orchestrator.Core.Objects;

/// <summary>An environment variable of a container: a value, or a reference to where the value comes from.</summary>
public sealed class EnvVar
{
    public string? Name { get; set; }

    public string? Value { get; set; }

    public EnvVarSource? ValueFrom { get; set; }
}
