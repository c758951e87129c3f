namespace Orchestrator.Core.Objects;

/// <summary>An HTTP GET against the container; a status from 200 to 399 is success.</summary>
public sealed class HttpGetAction
{
    public string? Path { get; set; }

    public IntOrString? Port { get; set; }

    public string? Host { get; set; }

    public string? Scheme { get; set; }

    public List<HttpHeader>? HttpHeaders { get; set; }
}
