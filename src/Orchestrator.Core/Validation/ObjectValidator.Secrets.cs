using System.Text.RegularExpressions;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    /// <summary>The Secret type whose <c>.dockerconfigjson</c> key holds registry credentials.</summary>
    public const string DockerConfigJsonSecretType = "kubernetes.io/dockerconfigjson";

    /// <summary>The key of a <see cref="DockerConfigJsonSecretType"/> Secret.</summary>
    public const string DockerConfigJsonKey = ".dockerconfigjson";

    private const int MaxSecretBytes = 1024 * 1024;

    public static ValidationResult ValidateSecret(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var findings = new ValidationFindings();
        ValidateObjectMeta(secret.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: true, findings);
        var total = 0L;
        foreach (var (key, value) in secret.Data ?? [])
        {
            var path = $"data[{key}]";
            if (key.Length is 0 or > NameRules.Dns1123SubdomainMaxLength || !SecretKey().IsMatch(key))
            {
                findings.Add(FieldError.Invalid(path, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
            }

            if (value is null || !IsBase64(value, out var length))
            {
                findings.Add(FieldError.Invalid(path, "<secret value>", "must be base64-encoded bytes"));
                continue;
            }

            total += length;
        }

        if (total > MaxSecretBytes)
        {
            findings.Add(FieldError.TooLong("data", MaxSecretBytes));
        }

        if (secret.Type == DockerConfigJsonSecretType && secret.Data?.ContainsKey(DockerConfigJsonKey) != true)
        {
            findings.Add(FieldError.Required($"data[{DockerConfigJsonKey}]"));
        }

        return findings.ToResult();
    }

    public static ValidationResult ValidateSecretUpdate(Secret old, Secret updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var findings = new ValidationFindings();
        if ((old.Type ?? "Opaque") != (updated.Type ?? "Opaque"))
        {
            findings.Add(FieldError.Invalid("type", updated.Type, "field is immutable"));
        }

        if (old.Immutable == true)
        {
            var same = (old.Data ?? []).Count == (updated.Data ?? []).Count &&
                (old.Data ?? []).All(e => updated.Data!.TryGetValue(e.Key, out var v) && v == e.Value);
            if (!same)
            {
                findings.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
            }

            if (updated.Immutable != true)
            {
                findings.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
            }
        }

        return findings.ToResult();
    }

    private static bool IsBase64(string value, out int length)
    {
        length = 0;
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
        {
            return false;
        }

        length = written;
        return true;
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
