namespace Orchestrator.ControlPlane.Secrets;

/// <summary>The key Secrets are encrypted with at rest: 32 random bytes, base64. In Azure it comes from Key Vault.</summary>
public sealed class SecretOptions
{
    public string Key { get; set; } = "";
}
