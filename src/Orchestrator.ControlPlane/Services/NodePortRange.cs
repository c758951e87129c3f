using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Orchestrator.ControlPlane.Services;

/// <summary>A parsed node port range, <c>first-last</c> inclusive.</summary>
public sealed record NodePortRange(int First, int Last)
{
    public int Size => Last - First + 1;

    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => $"{First}-{Last}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out NodePortRange? range, out string error)
    {
        range = null;
        error = "is not a port range such as 30000-32767";
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 1 or 2 } ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return false;
        }

        if (first < 1 || last > 65535 || first > last)
        {
            error = "must be within 1-65535 with the first port not above the last";
            return false;
        }

        error = "";
        range = new NodePortRange(first, last);
        return true;
    }
}
