using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>What a fresh installation leaves for its operator: the client config file with a working admin key.</summary>
public sealed class FirstStartTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public FirstStartTests(ServerFixture server) => _server = server;

    [Fact]
    public void ConfigFile_AfterFirstStart_IsReadableAndWritableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no Unix file modes; the file is protected by its ACL there.
        }

        var mode = File.GetUnixFileMode(_server.ConfigPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task ConfigFile_AfterFirstStart_NamesTheConfiguredServerAndTenantDefault()
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(_server.ConfigPath))!.AsObject();

        // ORCH_URL reached Program before Build: the file carries it, not the default http://127.0.0.1:8080.
        Assert.Equal(ServerFixture.Url, (string?)config["server"]);
        Assert.Equal("default", (string?)config["tenant"]);
        Assert.StartsWith("orch_", (string?)config["token"]);
    }

    [Fact]
    public async Task ConfigFileToken_UsedAsBearer_CreatesAndReadsADeploymentInNamespaceDefault()
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(_server.ConfigPath))!.AsObject();
        var client = _server.CreateClient((string)config["token"]!);
        var name = Manifests.UniqueName("first");

        await client.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var read = await client.GetObjectAsync($"{Manifests.Deployments}/{name}");

        Assert.Equal(name, read.Name());
        Assert.Equal("default", (string?)read["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Namespaces_AfterFirstStart_ListsActiveNamespaceDefault()
    {
        var ns = await _server.Admin.GetObjectAsync("/api/v1/namespaces/default");

        Assert.Equal("Active", (string?)ns["status"]!["phase"]);
        var response = await _server.Admin.GetAsync("/api/v1/namespaces");
        Assert.Contains((await response.ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray(), n => (string?)n!["metadata"]!["name"] == "default");
    }
}
