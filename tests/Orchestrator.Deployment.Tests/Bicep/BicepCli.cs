using System.Diagnostics;
using System.Globalization;
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

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<BicepCli> s_instance = new(Locate);

    private BicepCli(string executable) => Executable = executable;

    public static BicepCli Instance => s_instance.Value;

    public string Executable { get; }

    public async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Any attempt to reach the network goes to a closed local port and fails the run, instead of passing here
        // and failing on a machine without internet.
        start.Environment["HTTP_PROXY"] = "http://127.0.0.1:9";
        start.Environment["HTTPS_PROXY"] = "http://127.0.0.1:9";
        start.Environment["NO_PROXY"] = "";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"'{Executable}' did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"'bicep {string.Join(' ', arguments)}' did not finish within {s_timeout.TotalSeconds} s."));
        }

        return new BicepRun(process.ExitCode, (await stdout + await stderr).Trim());
    }

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
