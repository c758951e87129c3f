using System.Text;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Core.Objects;
using Orchestrator.Testing.Docker;
using static Orchestrator.Agent.Tests.Runtime.Docker.DockerTestLaunches;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerImageTests
{
    private readonly DockerRuntimeFixture _fixture;

    public DockerImageTests(DockerRuntimeFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task StartAsync_NeverPolicyAndImageMissing_FailsWithErrImageNeverPull()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("app", "sleep", "300");
        spec.Image = "orch-test/absent:1";
        spec.ImagePullPolicy = "Never";

        var failure = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(Launch("never", spec), CancellationToken.None));

        Assert.Equal("ErrImageNeverPull", failure.Reason);
        Assert.Contains("orch-test/absent:1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_IfNotPresentWithPullSecret_PullsFromThePrivateRegistryAndRuns()
    {
        var image = $"{_fixture.Registry.Host}/orch-test/pulled:1";
        await TestImages.PushAsync(_fixture.Engine, TestImages.Busybox, image, RegistryFixture.Username, RegistryFixture.Password);
        await TestImages.RemoveAsync(_fixture.Engine, image);
        Assert.False(await _fixture.Client.ImageExistsAsync(image, CancellationToken.None));

        var secrets = new FakePullSecretSource();
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(RegistryFixture.Username + ":" + RegistryFixture.Password));
        var config = "{\"auths\":{\"" + _fixture.Registry.Host + "\":{\"auth\":\"" + basic + "\"}}}";
        secrets.Secrets["default/registry"] = new Secret
        {
            Type = DockerConfigJson.SecretType,
            Data = new() { [DockerConfigJson.Key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(config)) },
        };
        var driver = _fixture.CreateDriver(NewNode(), secrets);
        var spec = Busybox("app", "sleep", "300");
        spec.Image = image;
        spec.ImagePullPolicy = "IfNotPresent";
        var launch = Launch("pulled", spec, pullSecrets: ["registry"]);

        var started = await driver.StartAsync(launch, CancellationToken.None);

        Assert.True(started.IsRunning);
        Assert.True(await _fixture.Client.ImageExistsAsync(image, CancellationToken.None));
        await driver.StopAsync(launch.Key, TimeSpan.Zero, CancellationToken.None);
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_PrivateRegistryWithoutCredentials_FailsWithErrImagePull()
    {
        var image = $"{_fixture.Registry.Host}/orch-test/private:1";
        await TestImages.PushAsync(_fixture.Engine, TestImages.Busybox, image, RegistryFixture.Username, RegistryFixture.Password);
        await TestImages.RemoveAsync(_fixture.Engine, image);
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("app", "sleep", "300");
        spec.Image = image;

        var failure = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(Launch("denied", spec), CancellationToken.None));

        Assert.Equal("ErrImagePull", failure.Reason);
        Assert.Contains(image, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ImageMissingFromRegistry_FailsWithErrImagePull()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("app", "sleep", "300");
        spec.Image = $"{_fixture.Registry.Host}/orch-test/never-pushed:1";

        var failure = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(Launch("missing", spec), CancellationToken.None));

        Assert.Equal("ErrImagePull", failure.Reason);
        Assert.StartsWith($"Failed to pull image \"{spec.Image}\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PullSecretNotAvailableToTheNode_FailsWithErrImagePullNamingTheSecret()
    {
        var driver = _fixture.CreateDriver(NewNode(), new FakePullSecretSource());
        var spec = Busybox("app", "sleep", "300");
        spec.Image = $"{_fixture.Registry.Host}/orch-test/anything:1";

        var failure = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(Launch("nosecret", spec, pullSecrets: ["gone"]), CancellationToken.None));

        Assert.Equal("ErrImagePull", failure.Reason);
        Assert.Contains("\"default/gone\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("404", failure.Message, StringComparison.Ordinal);
    }
}
