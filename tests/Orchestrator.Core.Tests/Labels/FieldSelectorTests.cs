using Orchestrator.Core.Labels;

namespace Orchestrator.Core.Tests.Labels;

public sealed class FieldSelectorTests
{
    private static readonly HashSet<string> PodFields = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"];

    private static FieldSelector Parse(string query)
    {
        Assert.True(FieldSelector.TryParse(query, PodFields, out var selector, out var error), error);
        return selector;
    }

    [Fact]
    public void TryParse_ThreeOperators_ParseIntoRequirements()
    {
        var selector = Parse("spec.nodeName=node-1,status.phase!=Failed,metadata.name==web");

        Assert.Equal(
            [
                new FieldRequirement("spec.nodeName", "=", "node-1"),
                new FieldRequirement("status.phase", "!=", "Failed"),
                new FieldRequirement("metadata.name", "=", "web"),
            ],
            selector.Requirements);
        Assert.Equal("spec.nodeName=node-1,status.phase!=Failed,metadata.name=web", selector.ToString());
    }

    [Fact]
    public void TryParse_UnsupportedField_NamesTheField()
    {
        var ok = FieldSelector.TryParse("spec.nodeName=a,spec.foo=bar", PodFields, out _, out var error);

        Assert.False(ok);
        Assert.Equal("field label not supported: spec.foo", error);
    }

    [Theory]
    [InlineData("spec.nodeName")]
    [InlineData("status.phase~Running")]
    public void TryParse_NoOperator_Fails(string query)
    {
        var ok = FieldSelector.TryParse(query, PodFields, out _, out var error);

        Assert.False(ok);
        Assert.Equal($"invalid selector: '{query}'; can't understand '{query}'", error);
    }

    [Fact]
    public void TryParse_EmptyQuery_MatchesEverything()
    {
        Assert.True(FieldSelector.TryParse("", PodFields, out var selector, out _));

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(_ => "anything"));
    }

    [Fact]
    public void TryParse_EscapedComma_KeepsCommaInValue()
    {
        var selector = Parse(@"metadata.name=a\,b,status.phase=Running");

        Assert.Equal("a,b", selector.Requirements[0].Value);
        Assert.Equal(@"metadata.name=a\,b,status.phase=Running", selector.ToString());
    }

    [Fact]
    public void TryParse_UnescapedEqualsInValue_Fails()
    {
        Assert.False(FieldSelector.TryParse("metadata.name=a=b", PodFields, out _, out var error));
        Assert.Contains("unescaped '='", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_FieldValues_AndsAllTerms()
    {
        var selector = Parse("spec.nodeName=node-1,status.phase!=Failed");
        var fields = new Dictionary<string, string?> { ["spec.nodeName"] = "node-1", ["status.phase"] = "Running" };

        Assert.True(selector.Matches(f => fields[f]));
        fields["status.phase"] = "Failed";
        Assert.False(selector.Matches(f => fields[f]));
    }

    [Fact]
    public void Matches_NullFieldValue_CountsAsEmpty()
    {
        Assert.True(Parse("spec.nodeName=").Matches(_ => null));
        Assert.False(Parse("spec.nodeName!=").Matches(_ => null));
    }

    [Fact]
    public void TryGetExact_EqualityTerm_ReturnsValue()
    {
        var selector = Parse("status.phase!=Failed,spec.nodeName==node-7");

        Assert.True(selector.TryGetExact("spec.nodeName", out var node));
        Assert.Equal("node-7", node);
        Assert.False(selector.TryGetExact("status.phase", out _));
        Assert.False(selector.TryGetExact("metadata.name", out _));
    }
}
