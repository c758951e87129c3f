namespace Orchestrator.Core.Objects;

/// <summary>A header sent with an HTTP probe or hook.</summary>
public sealed class HttpHeader
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
