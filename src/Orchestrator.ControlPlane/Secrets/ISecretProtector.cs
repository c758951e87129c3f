namespace Orchestrator.ControlPlane.Secrets;

/// <summary>Encrypts secret values before they reach the store and decrypts them after.</summary>
public interface ISecretProtector
{
    byte[] Protect(ReadOnlySpan<byte> plaintext);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The value was not protected with this key.</exception>
    byte[] Unprotect(ReadOnlySpan<byte> protectedValue);
}
