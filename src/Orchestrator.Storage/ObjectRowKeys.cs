using System.Diagnostics.CodeAnalysis;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// Row keys of the objects table: the primary row <c>o~resource~namespace~name</c> and index rows
/// <c>i~index~value~resource~namespace~name</c>, every component escaped by <see cref="TableKey"/>.
/// </summary>
internal static class ObjectRowKeys
{
    private const string PrimaryTag = "o";
    private const string IndexTag = "i";

    public static string Primary(ObjectKey key) =>
        TableKey.Join(PrimaryTag, TableKey.Escape(key.Resource), TableKey.Escape(key.Namespace), TableKey.Escape(key.Name));

    public static string Index(IndexEntry entry, ObjectKey key) =>
        TableKey.Join(
            IndexTag,
            TableKey.Escape(entry.Index),
            TableKey.Escape(entry.Value),
            TableKey.Escape(key.Resource),
            TableKey.Escape(key.Namespace),
            TableKey.Escape(key.Name));

    /// <summary>The prefix (ending with the separator) of a resource's primary rows, optionally of one namespace.</summary>
    public static string PrimaryPrefix(string resource, string? ns) =>
        ns is null
            ? TableKey.Join(PrimaryTag, TableKey.Escape(resource), string.Empty)
            : TableKey.Join(PrimaryTag, TableKey.Escape(resource), TableKey.Escape(ns), string.Empty);

    /// <summary>The prefix (ending with the separator) of a resource's index rows for one entry, optionally of one namespace.</summary>
    public static string IndexPrefix(IndexEntry entry, string resource, string? ns)
    {
        var head = TableKey.Join(IndexTag, TableKey.Escape(entry.Index), TableKey.Escape(entry.Value), TableKey.Escape(resource));
        return ns is null
            ? TableKey.Join(head, string.Empty)
            : TableKey.Join(head, TableKey.Escape(ns), string.Empty);
    }

    /// <summary>
    /// Parses a primary or an index row key back into the object key it belongs to and, for an index row, the index
    /// entry it stands for.
    /// </summary>
    public static bool TryParse(string tenant, string rowKey, [NotNullWhen(true)] out ObjectKey? key, out IndexEntry? entry)
    {
        var parts = rowKey.Split(TableKey.Separator);
        switch (parts)
        {
            case [PrimaryTag, var resource, var ns, var name]:
                key = new ObjectKey(tenant, TableKey.Unescape(resource), TableKey.Unescape(ns), TableKey.Unescape(name));
                entry = null;
                return true;
            case [IndexTag, var index, var value, var resource, var ns, var name]:
                key = new ObjectKey(tenant, TableKey.Unescape(resource), TableKey.Unescape(ns), TableKey.Unescape(name));
                entry = new IndexEntry(TableKey.Unescape(index), TableKey.Unescape(value));
                return true;
            default:
                key = null;
                entry = null;
                return false;
        }
    }
}
