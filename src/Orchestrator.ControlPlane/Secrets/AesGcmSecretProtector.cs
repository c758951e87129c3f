using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Secrets;

/// <summary>
/// AES-256-GCM with a random nonce per value: <c>version (1) | nonce (12) | ciphertext | tag (16)</c>. The version
/// byte leaves room for key rotation. An <see cref="AesGcm"/> instance is not safe for concurrent use (under OpenSSL
/// its cipher context is shared, and concurrent calls fail to decrypt or produce ciphertext that never will), so each
/// call creates its own; requests protect and unprotect Secrets concurrently.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector, IDisposable
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public AesGcmSecretProtector(IOptions<SecretOptions> options)
    {
        _key = Convert.FromBase64String(options.Value.Key);

        // Fails at start on a key of the wrong size, not at the first Secret.
        using var check = new AesGcm(_key, TagSize);
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length, TagSize));
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> protectedValue)
    {
        if (protectedValue.Length < 1 + NonceSize + TagSize || protectedValue[0] != Version)
        {
            throw new CryptographicException("the value is not a protected secret of a known version");
        }

        var length = protectedValue.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedValue.Slice(1, NonceSize), protectedValue.Slice(1 + NonceSize, length), protectedValue.Slice(1 + NonceSize + length, TagSize), plaintext);
        return plaintext;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
