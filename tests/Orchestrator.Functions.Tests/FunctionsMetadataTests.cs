using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.Functions.Http;
using Orchestrator.Testing;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// Design decision 1: the Functions app and the standalone server expose the same routes and the same loops. The
/// Functions side is read from the functions.metadata the SDK generates at build, which is what the Functions host
/// indexes in Azure.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void FunctionsMetadata_DeclaresTheServersRoutesAndLoops()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(FindMetadata()));
        var functions = document.RootElement.EnumerateArray().ToList();
        var httpTriggers = functions
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => (Function: f, Binding: b)))
            .Where(x => x.Binding.GetProperty("type").GetString() == "httpTrigger")
            .ToList();
        var timerFunctions = functions
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "timerTrigger"))
            .Select(f => f.GetProperty("name").GetString()!)
            .ToHashSet();

        // The standalone server maps every entry of ApiRoutes.All (and answers the rest through ApiRoutes.NotFound).
        var declaredRoutes = httpTriggers.Select(x => RouteSignature(
            x.Binding.GetProperty("route").GetString()!,
            x.Binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!))).ToList();
        var serverRoutes = ApiRoutes.All.Select(r => RouteSignature(r.Template, r.Methods)).ToList();
        Assert.Equal(declaredRoutes.Count, declaredRoutes.Distinct().Count());
        Assert.Equal(serverRoutes.Order(StringComparer.Ordinal), declaredRoutes.Order(StringComparer.Ordinal));

        // Each HTTP function carries its route's name, so logs and metrics line up between the hosts.
        var namesByTemplate = httpTriggers.ToDictionary(x => x.Binding.GetProperty("route").GetString()!, x => x.Function.GetProperty("name").GetString());
        Assert.All(ApiRoutes.All, r => Assert.Equal(r.Name, namesByTemplate[r.Template]));
        Assert.All(httpTriggers, x => Assert.Equal("Anonymous", x.Binding.GetProperty("authLevel").GetString(), ignoreCase: true));

        // The standalone server hosts every IControlLoop that AddControlPlane registers; Azure needs one timer each.
        using var controlPlane = new TestControlPlane();
        var loopNames = controlPlane.Services.GetServices<IControlLoop>().Select(l => l.Name).ToHashSet();
        Assert.NotEmpty(loopNames);
        Assert.Equal(loopNames.Order(StringComparer.Ordinal), timerFunctions.Order(StringComparer.Ordinal));
    }

    private static string RouteSignature(string template, IEnumerable<string> methods) =>
        template + " " + string.Join(",", methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));

    /// <summary>
    /// The SDK writes functions.metadata to the Functions project's output, and the file flows with the project
    /// reference next to the copied assembly; the project's own bin folder is the fallback.
    /// </summary>
    private static string FindMetadata()
    {
        var assembly = typeof(HttpFunctionAdapter).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var candidates = new[]
        {
            Path.Combine(Path.GetDirectoryName(assembly.Location)!, "functions.metadata"),
            Path.Combine(RepositoryRoot.Find(), "src", "Orchestrator.Functions", "bin", configuration, "net10.0", "functions.metadata"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "functions.metadata was not found; build src/Orchestrator.Functions (the Functions SDK writes it at build). Looked in: " +
                string.Join(", ", candidates));
    }
}
