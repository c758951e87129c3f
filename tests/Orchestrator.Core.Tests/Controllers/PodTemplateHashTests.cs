using System.Text;
using Orchestrator.Core.Controllers;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class PodTemplateHashTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv32a_KnownVectors_Match(string text, uint expected)
    {
        Assert.Equal(expected, PodTemplateHash.Fnv32a(PodTemplateHash.FnvOffsetBasis, Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void SafeEncode_Digits_MapThroughTheKubernetesAlphabet()
    {
        Assert.Equal("456789bcdf", GeneratedNames.SafeEncode("0123456789"));
    }

    [Fact]
    public void Compute_FixedTemplate_NeverChanges()
    {
        // Pinned: if this changes, every existing Deployment would roll out again after an upgrade.
        Assert.Equal("7cf6bf8d9d", PodTemplateHash.Compute(Template(), null));
    }

    [Fact]
    public void Compute_CollisionCount_ChangesTheHash()
    {
        Assert.NotEqual(PodTemplateHash.Compute(Template(), null), PodTemplateHash.Compute(Template(), 1));
        Assert.NotEqual(PodTemplateHash.Compute(Template(), 1), PodTemplateHash.Compute(Template(), 2));
    }

    [Fact]
    public void Compute_EmptyAndUnsetCollections_HashAlike()
    {
        var unset = Template();
        var empty = Template();
        empty.Spec!.NodeSelector = [];
        empty.Metadata!.Annotations = null;
        unset.Metadata!.Annotations = [];

        Assert.Equal(PodTemplateHash.Compute(unset, null), PodTemplateHash.Compute(empty, null));
    }

    [Fact]
    public void EqualityKey_IgnoresOnlyTheHashLabel()
    {
        var plain = Template();
        var hashed = Template();
        hashed.Metadata!.Labels!["pod-template-hash"] = "abc";
        var other = Template(image: "web:2");

        Assert.Equal(PodTemplateHash.EqualityKey(plain), PodTemplateHash.EqualityKey(hashed));
        Assert.NotEqual(PodTemplateHash.EqualityKey(plain), PodTemplateHash.EqualityKey(other));
    }
}
