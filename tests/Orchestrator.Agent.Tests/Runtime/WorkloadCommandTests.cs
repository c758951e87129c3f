using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Runtime;

public sealed class WorkloadCommandTests
{
    [Theory]
    [InlineData("$(A)-$(B)", "1-$(B)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("cost: $5", "cost: $5")]
    [InlineData("$(A", "$(A")]
    public void Expand_KubernetesReferences_FollowTheKubeletRules(string input, string expected)
    {
        Assert.Equal(expected, EnvReferenceExpander.Expand(input, new Dictionary<string, string> { ["A"] = "1" }));
    }

    [Fact]
    public void Create_CommandAndArgs_FormTheArgumentVectorWithExpandedReferences()
    {
        var spec = TestPods.Container("app", "/bin/echo", "$(WHO)");
        spec.Args = ["and", "$(WHO)"];
        spec.Env = [new() { Name = "WHO", Value = "me" }];

        var command = WorkloadCommand.Create(spec, "web");

        Assert.Equal(["/bin/echo", "me", "and", "me"], command.Argv);
        Assert.Equal("web", command.Environment["HOSTNAME"]);
        Assert.Equal("/", command.WorkingDirectory);
    }

    [Fact]
    public void Create_EnvValueFrom_IsAConfigError()
    {
        var spec = TestPods.Container("app", "/bin/true");
        spec.Env = [new() { Name = "SECRET", ValueFrom = new Orchestrator.Core.Objects.EnvVarSource { SecretKeyRef = System.Text.Json.JsonDocument.Parse("""{"name":"s","key":"k"}""").RootElement } }];

        Assert.Equal(ContainerCreateException.CreateContainerConfigError, Assert.Throws<ContainerCreateException>(() => WorkloadCommand.Create(spec, "web")).Reason);
    }

    [Fact]
    public void Create_MissingWorkingDirectory_IsACreateError()
    {
        var spec = TestPods.Container("app", "/bin/true");
        spec.WorkingDir = "/no/such/dir";

        Assert.Contains("workingDir", Assert.Throws<ContainerCreateException>(() => WorkloadCommand.Create(spec, "web")).Message, StringComparison.Ordinal);
    }
}
