using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The change log inside a partition of the objects table (docs/adr/0017). Row <c>s</c> holds the partition's newest
/// position (<c>Seq</c>); each commit writes it, If-Match on the version it read, together with one log row
/// <c>c~&lt;last position, 19 digits&gt;</c> holding all of the commit's changes (gzip, in the same 64 KiB chunks as
/// objects; the n-th change is at position <c>First</c> + n) and its time (<c>At</c>), in the commit's own
/// entity-group transaction. Row <c>h</c> holds the newest
/// position compacted away (<c>Compacted</c>).
/// </summary>
internal static class TableChangeLog
{
    public const string SequenceRow = "s";
    public const string HorizonRow = "h";
    public const string SequenceProperty = "Seq";
    public const string CompactedProperty = "Compacted";
    public const string AtProperty = "At";
    public const string FirstProperty = "First";

    /// <summary>The first of the log rows' keys; every log row key is above it and below <see cref="EntryRowsEnd"/>.</summary>
    public const string EntryRowsStart = "c~";

    public const string EntryRowsEnd = "c~~";

    private const int PositionDigits = 19;

    public static string EntryRow(long lastPosition) => EntryRowsStart + lastPosition.ToString("D19", CultureInfo.InvariantCulture);

    public static bool TryParseEntryRow(string rowKey, out long lastPosition)
    {
        lastPosition = 0;
        return rowKey.Length == EntryRowsStart.Length + PositionDigits
            && rowKey.StartsWith(EntryRowsStart, StringComparison.Ordinal)
            && long.TryParse(rowKey.AsSpan(EntryRowsStart.Length), NumberStyles.None, CultureInfo.InvariantCulture, out lastPosition);
    }

    /// <summary>The changes of one commit, in order, as the log row's binary payload (positions are not in it).</summary>
    public static byte[] Encode(IReadOnlyList<(StoreChangeType Type, ObjectKey Key, IReadOnlyList<IndexEntry> Indexes, byte[] Json)> changes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(changes.Count);
            foreach (var (type, key, indexes, json) in changes)
            {
                writer.Write((byte)type);
                writer.Write(key.Resource);
                writer.Write(key.Namespace);
                writer.Write(key.Name);
                writer.Write(ObjectPayload.EncodeIndexes(indexes));
                writer.Write(json.Length);
                writer.Write(json);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The changes a log row holds, in order.</summary>
    public static List<StoreChange> Decode(string tenant, TableEntity row)
    {
        var first = row.GetInt64(FirstProperty) ?? throw new InvalidDataException($"Log row '{row.RowKey}' has no {FirstProperty}.");
        using var reader = new BinaryReader(new MemoryStream(ObjectPayload.Decompress(row)), Encoding.UTF8);
        var count = reader.ReadInt32();
        var changes = new List<StoreChange>(count);
        for (var i = 0; i < count; i++)
        {
            var type = (StoreChangeType)reader.ReadByte();
            var key = new ObjectKey(tenant, reader.ReadString(), reader.ReadString(), reader.ReadString());
            var indexes = ObjectPayload.DecodeIndexes(reader.ReadString());
            var json = reader.ReadBytes(reader.ReadInt32());
            changes.Add(new StoreChange(type, new StoredObject(key, json, Format(first + i), indexes)));
        }

        return changes;
    }

    public static string Format(long position) => position.ToString(CultureInfo.InvariantCulture);
}
