namespace Orchestrator.Agent.State;

/// <summary>Writes a file so that a crash leaves either the old or the new content, never a torn one.</summary>
internal static class AtomicFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes to a temporary file created owner-only (mode 600), flushes it to disk unless <paramref name="durable"/> is
    /// false, and renames it over <paramref name="path"/>. Without the flush a crash of the process still leaves the old
    /// or the new content; a power loss may lose the newest write, so it is only for copies that are fetched again.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = true)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        StatePaths.EnsureDirectory(directory);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: durable);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Narrows a file to owner read/write when someone widened it.</summary>
    public static bool RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerReadWrite) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, OwnerReadWrite);
        return true;
    }
}
