using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>
/// Reads registry credentials from a <c>kubernetes.io/dockerconfigjson</c> Secret's <c>.dockerconfigjson</c>:
/// <c>{"auths": {"registry": {"username", "password"} | {"auth": base64("user:password")}}}</c>.
/// </summary>
internal static class DockerConfigJson
{
    public const string SecretType = "kubernetes.io/dockerconfigjson";
    public const string Key = ".dockerconfigjson";

    /// <summary>The credentials for <paramref name="registry"/>, or null when the config has none for it.</summary>
    /// <exception cref="FormatException">The document is not a docker config.</exception>
    public static AuthConfig? Find(string json, string registry)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it has no \"auths\" object");
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (!Matches(entry.Name, registry) || entry.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var username = Text(entry.Value, "username");
                var password = Text(entry.Value, "password");
                if ((username is null || password is null) && Text(entry.Value, "auth") is { } auth)
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                    var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        username = decoded[..colon];
                        password = decoded[(colon + 1)..];
                    }
                }

                return new AuthConfig { Username = username, Password = password, ServerAddress = registry };
            }

            return null;
        }
        catch (JsonException ex)
        {
            throw new FormatException("it is not JSON: " + ex.Message, ex);
        }
    }

    /// <summary>Keys may be a host (<c>registry:5000</c>) or a URL (<c>https://index.docker.io/v1/</c>).</summary>
    internal static bool Matches(string key, string registry)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        if (registry == ImageReference.DockerHub)
        {
            return host is "docker.io" or "index.docker.io" or "registry-1.docker.io";
        }

        return string.Equals(host, registry, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
