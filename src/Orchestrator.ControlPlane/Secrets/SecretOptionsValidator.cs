using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Secrets;

/// <summary>Checks at start that the encryption key is 32 bytes of base64.</summary>
public sealed class SecretOptionsValidator : IValidateOptions<SecretOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretOptions options)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(options.Key, buffer, out var written) && written == 32
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Secrets:Key (ORCH_SECRETS_KEY) must be 32 random bytes in base64 (openssl rand -base64 32).");
    }
}
