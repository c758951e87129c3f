namespace Orchestrator.ControlPlane.Auth;

/// <summary>The roles a key can have.</summary>
public static class ApiKeyRoles
{
    /// <summary>Everything within the tenant.</summary>
    public const string Admin = "admin";

    /// <summary>Only joining a node (<c>POST /agent/v1/join</c>).</summary>
    public const string Join = "join";

    /// <summary>Only what the agent of one node needs, for that node.</summary>
    public const string Node = "node";
}
