using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Deployment.Tests;

/// <summary>Runs a command line tool to completion and keeps its exit code and what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The printed lines, without blank ones.</summary>
    public IReadOnlyList<string> Lines { get; } =
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/> (the current one when null) with
    /// <paramref name="environment"/> added to this process's; stops it after two minutes.
    /// </summary>
    public static async Task<ToolRun> StartAsync(string? workingDirectory, string fileName, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours: output is compared as plain text.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

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
