using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Deployment.Tests.Workflows;

/// <summary>Runs a command line tool to completion and keeps what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static async Task<ToolRun> StartAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours: findings are compared as plain text.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"'{fileName}' did not start.");
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
                $"'{fileName} {string.Join(' ', arguments)}' did not finish within {s_timeout.TotalSeconds} s."));
        }

        return new ToolRun(process.ExitCode, await stdout + await stderr);
    }
}
