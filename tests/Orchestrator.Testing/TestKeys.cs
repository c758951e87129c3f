namespace Orchestrator.Testing;

/// <summary>Fixed keys for tests, so that what one test encrypts another can read.</summary>
public static class TestKeys
{
    /// <summary>A 32-byte AES key in base64, for Secrets at rest.</summary>
    public const string SecretsKey = "b3JjaGVzdHJhdG9yLXRlc3Qtc2VjcmV0cy1rZXktMzI=";
}
