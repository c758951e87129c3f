using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// The Kubernetes guestbook example (Manifests/guestbook, Apache-2.0, see its LICENSE), posted unchanged as kubectl
/// sends it: every document is accepted.
/// </summary>
public sealed class GuestbookManifestApiTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public GuestbookManifestApiTests(ServerFixture server) => _server = server;

    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Manifests", "guestbook"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CreateEachDocument_GuestbookManifest_Returns201(string file)
    {
        var documents = KubectlYaml.Documents(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Manifests", "guestbook", file)));
        var ns = Manifests.UniqueName("guestbook");
        await _server.Admin.CreateAsync("/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            var response = await _server.Admin.PostJsonAsync(CollectionPath(document, ns), document);

            var created = await response.ExpectAsync(HttpStatusCode.Created);
            if ((string?)document["kind"] == "Service")
            {
                Assert.StartsWith("127.", (string?)created["spec"]!["clusterIP"], StringComparison.Ordinal);
            }
        }
    }

    private static string CollectionPath(JsonObject document, string ns)
    {
        var apiVersion = (string)document["apiVersion"]!;
        var plural = ((string)document["kind"]!).ToLowerInvariant() + "s";
        return apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}/namespaces/{ns}/{plural}" : $"/api/{apiVersion}/namespaces/{ns}/{plural}";
    }
}
