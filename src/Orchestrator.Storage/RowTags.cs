using System.Buffers.Text;
using System.Text;
using Azure;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The Table store's <see cref="StoredObject.StoreTag"/>: the row an object was read from (its primary row, or the index
/// row of one index entry), that row's ETag and the version it held, base64url-encoded. The next write of the object
/// puts its If-Match on that same row, and only if the object's <c>resourceVersion</c> is still that version.
/// </summary>
/// <remarks>
/// Rows written in one transaction do not share an ETag (Azurite stamps each row with its own high-resolution time,
/// and Azure does not promise otherwise), so an index row cannot carry its primary row's ETag. Every write of an
/// object rewrites its primary and all its index rows, so the ETag of any one of them changes exactly when the
/// object changes: a precondition on the row the object was read from is as strict as one on the primary row.
/// </remarks>
internal static class RowTags
{
    private const char Delimiter = '\n';
    private const string PrimaryTag = "o";
    private const string IndexTag = "i";

    public static string Encode(ETag etag, string version, IndexEntry? readThrough = null)
    {
        var row = readThrough is null
            ? PrimaryTag
            : IndexTag + Delimiter + TableKey.Escape(readThrough.Index) + TableKey.Separator + TableKey.Escape(readThrough.Value);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(row + Delimiter + version + Delimiter + etag.ToString()));
    }

    /// <summary>Decodes a tag into the row it names (null: the primary row), that row's ETag and the version it held.</summary>
    public static bool TryDecode(string? tag, out IndexEntry? readThrough, out ETag etag, out string version)
    {
        readThrough = null;
        etag = default;
        version = string.Empty;
        if (string.IsNullOrEmpty(tag) || !Base64Url.IsValid(tag))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(tag)).Split(Delimiter);
        string value;
        switch (parts)
        {
            case [PrimaryTag, var held, var text]:
                value = text;
                version = held;
                break;
            case [IndexTag, var entry, var held, var text] when entry.Split(TableKey.Separator) is [var index, var indexValue]:
                try
                {
                    readThrough = new IndexEntry(TableKey.Unescape(index), TableKey.Unescape(indexValue));
                }
                catch (FormatException)
                {
                    return false;
                }

                value = text;
                version = held;
                break;
            default:
                return false;
        }

        // "*" would turn a conditional write into an unconditional one.
        if (value.Length == 0 || value == ETag.All.ToString())
        {
            return false;
        }

        etag = new ETag(value);
        return true;
    }
}
