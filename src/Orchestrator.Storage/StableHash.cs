using System.Text;

namespace Orchestrator.Storage;

/// <summary>Spreads keys over buckets the same way in every process and version, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    /// <summary>FNV-1a over the key's UTF-8 bytes, modulo <paramref name="bucketCount"/>.</summary>
    public static int Bucket(string key, int bucketCount)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)bucketCount);
    }
}
