using System.Text.Json.Nodes;

namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>main.bicep compiled once to ARM JSON, modules inlined as nested deployments, for the tests that read it.</summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("orch-bicep-main-").FullName;

    internal JsonNode Template { get; private set; } = new JsonObject();

    /// <summary>Every resource object at any depth (type, name, properties), nested deployments' own included.</summary>
    internal IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var run = await BicepCli.Instance.RunAsync("build", BicepFiles.MainTemplate, "--outdir", _output);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"main.bicep does not build:\n{run.Output}");
        }

        Template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "main.json")))!;
        Resources = Descendants(Template)
            .OfType<JsonObject>()
            .Where(o => o["type"] is JsonValue && o["apiVersion"] is JsonValue)
            .ToList();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }

    internal IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    internal static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is null)
            {
                continue;
            }

            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
