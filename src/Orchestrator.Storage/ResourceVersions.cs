using System.Buffers.Text;
using System.Text;
using Azure;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// A resourceVersion is the base64url of the ETag of the row the object was read from, naming that row: the primary
/// row, or the index row of one index entry. The next write of the object uses it as the If-Match of that same row.
/// </summary>
/// <remarks>
/// Rows written in one transaction do not share an ETag (Azurite stamps each row with its own high-resolution time,
/// and Azure does not promise otherwise), so an index row cannot carry its primary row's version. Every write of an
/// object rewrites its primary and all its index rows, so the ETag of any one of them changes exactly when the
/// object changes: a precondition on the row the version came from is as strict as one on the primary row.
/// </remarks>
internal static class ResourceVersions
{
    private const char Delimiter = '\n';
    private const string PrimaryTag = "o";
    private const string IndexTag = "i";

    public static string Encode(ETag etag, IndexEntry? readThrough = null)
    {
        var row = readThrough is null
            ? PrimaryTag
            : IndexTag + Delimiter + TableKey.Escape(readThrough.Index) + TableKey.Separator + TableKey.Escape(readThrough.Value);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(row + Delimiter + etag.ToString()));
    }

    /// <summary>Decodes a version into the row it was read from (null: the primary row) and that row's ETag.</summary>
    public static bool TryDecode(string? resourceVersion, out IndexEntry? readThrough, out ETag etag)
    {
        readThrough = null;
        etag = default;
        if (string.IsNullOrEmpty(resourceVersion) || !Base64Url.IsValid(resourceVersion))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(resourceVersion)).Split(Delimiter);
        string value;
        switch (parts)
        {
            case [PrimaryTag, var text]:
                value = text;
                break;
            case [IndexTag, var entry, var text] when entry.Split(TableKey.Separator) is [var index, var indexValue]:
                try
                {
                    readThrough = new IndexEntry(TableKey.Unescape(index), TableKey.Unescape(indexValue));
                }
                catch (FormatException)
                {
                    return false;
                }

                value = text;
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
