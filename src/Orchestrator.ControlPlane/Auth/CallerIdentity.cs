namespace Orchestrator.ControlPlane.Auth;

/// <summary>Who is calling: the tenant every key is scoped to, the role, and for node credentials the node.</summary>
public sealed record CallerIdentity(string Tenant, string Role, string? NodeName, string KeyId)
{
    public bool IsAdmin => Role == ApiKeyRoles.Admin;

    /// <summary>The user name as Kubernetes prints it in Forbidden messages.</summary>
    public string UserName => NodeName is null ? $"{Role}:{KeyId}" : $"system:node:{NodeName}";

    public bool IsNode(string nodeName) => Role == ApiKeyRoles.Node && NodeName == nodeName;
}
