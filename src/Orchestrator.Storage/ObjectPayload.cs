using System.IO.Compression;
using Azure.Data.Tables;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// How an object's data is laid out in a row: its JSON gzip-compressed and cut into binary properties
/// <c>D0</c>, <c>D1</c>, ... of at most 64 KiB each, its index entries in the string property <c>Ix</c>, and its
/// version (the log position of the change that wrote it) in <c>V</c>.
/// </summary>
internal static class ObjectPayload
{
    public const string IndexesProperty = "Ix";

    public const string VersionProperty = "V";

    /// <summary>More chunks than this cannot fit the 1 MiB entity limit, so reads select exactly these columns.</summary>
    public const int MaxChunks = TableLimits.MaxEntityBytes / TableLimits.MaxPropertyBytes;

    private static readonly string[] ChunkNames = [.. Enumerable.Range(0, MaxChunks).Select(i => "D" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The columns a read needs (the keys and the ETag come with every row).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["RowKey", VersionProperty, IndexesProperty, .. ChunkNames];

    /// <summary>The properties that can hold compressed data, in order.</summary>
    public static IReadOnlyList<string> ChunkColumns { get; } = ChunkNames;

    public static string ChunkName(int index) =>
        index < ChunkNames.Length ? ChunkNames[index] : "D" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<byte[]> Compress(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        var compressed = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var chunks = new List<byte[]>((compressed.Length / TableLimits.MaxPropertyBytes) + 1);
        for (var offset = 0; offset < compressed.Length; offset += TableLimits.MaxPropertyBytes)
        {
            chunks.Add(compressed.Slice(offset, Math.Min(TableLimits.MaxPropertyBytes, compressed.Length - offset)).ToArray());
        }

        return chunks;
    }

    public static byte[] Decompress(TableEntity row)
    {
        using var compressed = new MemoryStream();
        for (var i = 0; row.TryGetValue(ChunkName(i), out var value) && value is not null; i++)
        {
            switch (value)
            {
                case byte[] bytes:
                    compressed.Write(bytes);
                    break;
                case BinaryData data:
                    compressed.Write(data.ToMemory().Span);
                    break;
                default:
                    throw new InvalidDataException($"Property {ChunkName(i)} of a stored object is not binary.");
            }
        }

        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    /// <summary>Encodes index entries as escaped <c>index~value</c> pairs joined by the separator (empty for none).</summary>
    public static string EncodeIndexes(IReadOnlyList<IndexEntry> entries) =>
        string.Join(TableKey.Separator, entries.SelectMany(e => new[] { TableKey.Escape(e.Index), TableKey.Escape(e.Value) }));

    public static IReadOnlyList<IndexEntry> DecodeIndexes(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return [];
        }

        var parts = encoded.Split(TableKey.Separator);
        if (parts.Length % 2 != 0)
        {
            throw new InvalidDataException("The index entries of a stored object are malformed.");
        }

        var entries = new IndexEntry[parts.Length / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new IndexEntry(TableKey.Unescape(parts[2 * i]), TableKey.Unescape(parts[(2 * i) + 1]));
        }

        return entries;
    }
}
