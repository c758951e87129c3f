using System.Globalization;

namespace Orchestrator.Storage;

/// <summary>
/// A position in a tenant's change log on the Table store: one sequence value per partition of the tenant, in the
/// order of <see cref="TablePlacement.All"/>, written <c>p1.s0.s1.…</c>. An object's own version is the sequence value
/// of its partition alone, so it is a position only for changes of that partition (docs/adr/0020).
/// </summary>
internal static class TenantPosition
{
    private const string Tag = "p1";
    private const char Separator = '.';

    public static string Format(IReadOnlyList<long> sequences) =>
        Tag + Separator + string.Join(Separator, sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parses a position of <paramref name="partitions"/> partitions; false for anything else.</summary>
    public static bool TryParse(string? text, int partitions, out long[] sequences)
    {
        sequences = [];
        var parts = text?.Split(Separator);
        if (parts is null || parts.Length != partitions + 1 || parts[0] != Tag)
        {
            return false;
        }

        var parsed = new long[partitions];
        for (var i = 0; i < partitions; i++)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
            {
                return false;
            }
        }

        sequences = parsed;
        return true;
    }
}
