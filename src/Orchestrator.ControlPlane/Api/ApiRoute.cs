namespace Orchestrator.ControlPlane.Api;

/// <summary>One route of the API: a name (also the Azure Function's name), a template and its methods.</summary>
public sealed record ApiRoute(string Name, string Template, IReadOnlyList<string> Methods, bool Anonymous = false);
