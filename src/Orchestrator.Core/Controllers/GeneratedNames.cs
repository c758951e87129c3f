namespace Orchestrator.Core.Controllers;

/// <summary>
/// Names Kubernetes generates: random suffixes for <c>generateName</c> and the "safe" encoding of hashes, both over an
/// alphabet without vowels (no accidental words) and without look-alike characters.
/// </summary>
public static class GeneratedNames
{
    /// <summary>The alphabet of Kubernetes' <c>rand.String</c> and <c>rand.SafeEncodeString</c>.</summary>
    internal const string Alphanumerics = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Length of the random part the API server appends to a <c>generateName</c>.</summary>
    internal const int SuffixLength = 5;

    // A name is at most 63 characters for the objects we generate names for; the suffix must still fit.
    private const int MaxPrefixLength = 63 - SuffixLength;

    /// <summary>A suffix source for <see cref="ReplicaSetReconciler"/>: five characters drawn from <paramref name="random"/>.</summary>
    public static Func<string> RandomSuffix(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return () => string.Create(SuffixLength, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphanumerics[r.Next(Alphanumerics.Length)];
            }
        });
    }

    /// <summary>A <c>generateName</c> prefix, truncated as the API server does so that prefix and suffix fit.</summary>
    internal static string Prefix(string baseName) =>
        baseName.Length > MaxPrefixLength ? baseName[..MaxPrefixLength] : baseName;

    /// <summary>Kubernetes' <c>SafeEncodeString</c>: each character maps to the alphabet by its code modulo the alphabet's length.</summary>
    internal static string SafeEncode(string text) =>
        string.Create(text.Length, text, static (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphanumerics[s[i] % Alphanumerics.Length];
            }
        });
}
