using System.Reflection;

namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>
/// The Bicep CLI restored by the PackageDownload of Azure.Bicep.CommandLine.linux-x64 (see the csproj), run as a
/// child process. Templates that reference no registry module compile offline.
/// </summary>
internal sealed class BicepCli
{
    public const string PackageId = "azure.bicep.commandline.linux-x64";
    public const string Version = "0.49.2";

    private static readonly Dictionary<string, string> OfflineEnvironment = new(StringComparer.Ordinal)
    {
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["NO_PROXY"] = "",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };
    private static readonly Lazy<BicepCli> s_instance = new(Locate);

    private BicepCli(string executable) => Executable = executable;

    public static BicepCli Instance => s_instance.Value;

    public string Executable { get; }

    /// <summary>
    /// Runs the CLI. Any attempt to reach the network goes to a closed local port and fails the run, instead of
    /// passing here and failing on a machine without internet.
    /// </summary>
    public Task<ToolRun> RunAsync(params string[] arguments) => ToolRun.StartAsync(null, Executable, OfflineEnvironment, arguments);

    private static BicepCli Locate()
    {
        var root = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        if (string.IsNullOrEmpty(root))
        {
            root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var executable = Path.Combine(root, PackageId, Version, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{executable}': restore tests/Orchestrator.Deployment.Tests (its PackageDownload fetches it).");
        }

        // A package extracted by a client that drops Unix modes leaves the file not executable.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(executable);
            const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(executable, mode | Execute);
            }
        }

        return new BicepCli(executable);
    }
}
