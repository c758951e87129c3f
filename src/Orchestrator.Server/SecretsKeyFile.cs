using System.Security.Cryptography;

namespace Orchestrator.Server;

/// <summary>
/// The standalone server's key for Secrets at rest when none is configured: generated once into a file readable by
/// its owner only, and read from there on every later start (losing it makes stored Secrets unreadable).
/// </summary>
internal static class SecretsKeyFile
{
    public static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(key);
        }

        return key;
    }
}
