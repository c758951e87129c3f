namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>
/// Every template and parameter file under bicep/ builds and lints offline with the pinned Bicep CLI, under the rules
/// bicep/bicepconfig.json raises to errors, and with no warning that is not accepted with a reason.
/// </summary>
public sealed class BicepTemplateTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("orch-bicep-").FullName;

    [Fact]
    public void Files_IncludeTheMainTemplateAndItsDevParameters()
    {
        Assert.Contains("main.bicep", BicepFiles.All(".bicep"));
        Assert.Contains("main.bicepparam", BicepFiles.All(".bicepparam"));
        Assert.True(File.Exists(Path.Combine(BicepFiles.Folder, "bicepconfig.json")));
    }

    [Theory]
    [MemberData(nameof(BicepFiles.Templates), MemberType = typeof(BicepFiles))]
    public async Task Build_Template_CompilesWithNoUnacceptedFinding(string file)
    {
        var run = await BicepCli.Instance.RunAsync("build", Path.Combine(BicepFiles.Folder, file), "--outdir", _output);

        Assert.Empty(BicepFindings.Unaccepted(run));
        Assert.True(File.Exists(Path.Combine(_output, Path.ChangeExtension(Path.GetFileName(file), ".json"))));
    }

    [Theory]
    [MemberData(nameof(BicepFiles.Templates), MemberType = typeof(BicepFiles))]
    public async Task Lint_Template_ReportsNoUnacceptedFinding(string file)
    {
        var run = await BicepCli.Instance.RunAsync("lint", Path.Combine(BicepFiles.Folder, file));

        Assert.Empty(BicepFindings.Unaccepted(run));
    }

    [Theory]
    [MemberData(nameof(BicepFiles.ParameterFiles), MemberType = typeof(BicepFiles))]
    public async Task BuildParams_ParameterFile_CompilesWithNoUnacceptedFinding(string file)
    {
        var outFile = Path.Combine(_output, Path.ChangeExtension(Path.GetFileName(file), ".parameters.json"));

        var run = await BicepCli.Instance.RunAsync("build-params", Path.Combine(BicepFiles.Folder, file), "--outfile", outFile);

        Assert.Empty(BicepFindings.Unaccepted(run));
        Assert.True(File.Exists(outFile));
    }

    [Theory]
    [MemberData(nameof(BicepFiles.ParameterFiles), MemberType = typeof(BicepFiles))]
    public async Task Lint_ParameterFile_ReportsNoUnacceptedFinding(string file)
    {
        var run = await BicepCli.Instance.RunAsync("lint", Path.Combine(BicepFiles.Folder, file));

        Assert.Empty(BicepFindings.Unaccepted(run));
    }

    [Fact]
    public void Templates_ReferenceNoRegistryModule()
    {
        // A registry (br:) or template spec (ts:) module would make `bicep build` download it: the build must stay
        // offline, so every module is a local file.
        var remote = BicepFiles.All(".bicep")
            .SelectMany(file => File.ReadLines(Path.Combine(BicepFiles.Folder, file)).Select(line => (file, line: line.Trim())))
            .Where(x => x.line.StartsWith("module ", StringComparison.Ordinal)
                && (x.line.Contains("'br:", StringComparison.Ordinal) || x.line.Contains("'br/", StringComparison.Ordinal)
                    || x.line.Contains("'ts:", StringComparison.Ordinal) || x.line.Contains("'ts/", StringComparison.Ordinal)))
            .Select(x => $"{x.file}: {x.line}");

        Assert.Empty(remote);
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
