using Microsoft.Extensions.Configuration;
using Orchestrator.Agent.Configuration;

namespace Orchestrator.Agent.Tests.Configuration;

public sealed class AgentOptionsTests
{
    [Fact]
    public void CommandLine_Switches_BindOntoTheAgentSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(
                ["--server", "https://orch.example", "--node-name", "edge-1", "--state-dir", "/srv/agent", "--join-token-file", "/run/token", "--Agent:MaxPods=20"],
                AgentCommandLine.SwitchMappings.ToDictionary())
            .Build();

        var options = configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>()!;

        Assert.Equal(new Uri("https://orch.example"), options.ServerUrl);
        Assert.Equal("edge-1", options.NodeName);
        Assert.Equal("/srv/agent", options.StateDirectory);
        Assert.Equal("/run/token", options.JoinTokenFile);
        Assert.Equal(20, options.MaxPods);
        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaseInterval);
    }

    [Fact]
    public void Environment_ServicesHostsFile_BindsAndValidates()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Agent:Services:HostsFile"] = "/etc/hosts" })
            .Build();

        var options = configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>()!;

        Assert.Equal("/etc/hosts", options.Services.HostsFile);
        Assert.Null(new AgentOptions().Services.HostsFile);
        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("hosts")]
    [InlineData("/no/such/directory/hosts")]
    public void Validate_ServicesHostsFileNotAnAbsolutePathInAnExistingDirectory_Fails(string path)
    {
        var options = new AgentOptions { Services = new AgentServicesOptions { HostsFile = path } };

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, failure => failure.Contains("Services:HostsFile", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadSettings_NameEachOne()
    {
        var options = new AgentOptions
        {
            ServerUrl = new Uri("ftp://x"),
            NodeName = "Bad_Name",
            JoinToken = "a",
            JoinTokenFile = "/b",
            LeaseInterval = TimeSpan.FromSeconds(60),
            RestartBackoffInitial = TimeSpan.FromMinutes(10),
            MaxPods = 0,
            NodeAddress = "not-an-ip",
        };

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var name in new[] { "ServerUrl", "NodeName", "JoinTokenFile", "LeaseDuration", "RestartBackoffInitial", "MaxPods", "NodeAddress" })
        {
            Assert.Contains(result.Failures!, failure => failure.Contains(name, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("MyHost", "myhost")]
    [InlineData("My_Host.Corp.Example.", "my-host.corp.example")]
    [InlineData("-edge-", "edge")]
    [InlineData("___", "node")]
    public void FromHostName_AnyHostName_GivesAValidNodeName(string hostName, string expected)
    {
        Assert.Equal(expected, NodeNames.FromHostName(hostName));
    }
}
