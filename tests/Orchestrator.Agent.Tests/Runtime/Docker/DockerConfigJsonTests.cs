using System.Text;
using Orchestrator.Agent.Runtime.Docker;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

public sealed class DockerConfigJsonTests
{
    [Fact]
    public void Find_AuthField_DecodesUserAndPassword()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("me:s3:cret"));

        var found = DockerConfigJson.Find("{\"auths\":{\"https://reg.example.com/v1/\":{\"auth\":\"" + auth + "\"}}}", "reg.example.com");

        Assert.NotNull(found);
        Assert.Equal("me", found.Username);
        Assert.Equal("s3:cret", found.Password);
    }

    [Fact]
    public void Find_DockerHubKey_MatchesImagesWithoutRegistry()
    {
        var found = DockerConfigJson.Find("{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"u\",\"password\":\"p\"}}}", ImageReference.DockerHub);

        Assert.Equal("u", found?.Username);
    }

    [Fact]
    public void Find_OtherRegistryOnly_ReturnsNull() =>
        Assert.Null(DockerConfigJson.Find("{\"auths\":{\"other:5000\":{\"username\":\"u\",\"password\":\"p\"}}}", "127.0.0.1:5000"));

    [Fact]
    public void Find_NotADockerConfig_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => DockerConfigJson.Find("[1]", "x"));
}
