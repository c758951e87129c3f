namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>The parts of an image reference the driver needs: the registry it lives in, and whether it names a tag.</summary>
internal sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    public const string Always = "Always";
    public const string IfNotPresent = "IfNotPresent";
    public const string Never = "Never";

    /// <summary>The reference with <c>:latest</c> added when it names neither tag nor digest, as the engine resolves it.</summary>
    public string Normalized(string original) =>
        Tag is null && Digest is null ? original + ":latest" : original;

    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var rest = image;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        // As in Docker: the first component is a registry when it has a dot or a port, or is localhost.
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                return new ImageReference(first, rest[(slash + 1)..], tag, digest);
            }
        }

        return new ImageReference(DockerHub, rest, tag, digest);
    }

    /// <summary>Kubernetes' default: <c>Always</c> for <c>:latest</c> or no tag, else <c>IfNotPresent</c>.</summary>
    public static string EffectivePullPolicy(string? policy, string image)
    {
        if (!string.IsNullOrEmpty(policy))
        {
            return policy;
        }

        var reference = Parse(image);
        return reference.Digest is null && (reference.Tag is null || reference.Tag == "latest") ? Always : IfNotPresent;
    }
}
