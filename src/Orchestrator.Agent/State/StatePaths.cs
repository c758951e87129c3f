using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;

namespace Orchestrator.Agent.State;

/// <summary>
/// The layout of the state directory: <c>credential.json</c>, <c>desired.json</c>, <c>containers/</c> (one record a
/// container) and <c>logs/&lt;podUid&gt;/&lt;container&gt;.log</c>.
/// </summary>
internal sealed class StatePaths
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public StatePaths(IOptions<AgentOptions> options)
        : this(options.Value.StateDirectory)
    {
    }

    public StatePaths(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string CredentialFile => Path.Combine(Root, "credential.json");

    public string DesiredFile => Path.Combine(Root, "desired.json");

    public string ContainersDirectory => Path.Combine(Root, "containers");

    public string LogsDirectory => Path.Combine(Root, "logs");

    public string PodLogDirectory(string podUid) => Path.Combine(LogsDirectory, SafeSegment(podUid));

    public string LogFile(string podUid, string containerName) => Path.Combine(PodLogDirectory(podUid), SafeSegment(containerName) + ".log");

    /// <summary>Creates a directory of the state, owner-only when it is new: desired pods carry env values.</summary>
    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectory);
        }
    }

    /// <summary>Pod uids and container names are validated by the API; this guards the file system anyway.</summary>
    private static string SafeSegment(string value)
    {
        if (value.Length == 0 || value is "." or ".." || value.IndexOfAny(['/', '\\', '\0', ':']) >= 0)
        {
            throw new ArgumentException($"'{value}' cannot name a file of the agent's state.", nameof(value));
        }

        return value;
    }
}
