namespace Orchestrator.Core.Objects;

/// <summary>Runs a command inside the container; exit code 0 is success.</summary>
public sealed class ExecAction
{
    public List<string>? Command { get; set; }
}
