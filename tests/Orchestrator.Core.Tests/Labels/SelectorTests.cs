using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Labels;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Frontend = new() { ["app"] = "guestbook", ["tier"] = "frontend" };

    [Fact]
    public void FromLabelSelector_Null_MatchesEverything()
    {
        var selector = Selector.FromLabelSelector(null);

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(null));
        Assert.True(selector.Matches(Frontend));
    }

    [Fact]
    public void FromLabelSelector_EmptyObject_MatchesEverything()
    {
        var selector = Selector.FromLabelSelector(new LabelSelector { MatchLabels = [], MatchExpressions = [] });

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(Frontend));
        Assert.Equal("", selector.ToString());
    }

    [Fact]
    public void FromLabelSelector_MatchLabels_RequiresEveryLabel()
    {
        var selector = Selector.FromLabelSelector(new LabelSelector { MatchLabels = new() { ["app"] = "guestbook", ["tier"] = "frontend" } });

        Assert.True(selector.Matches(Frontend));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "guestbook" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "guestbook", ["tier"] = "backend" }));
        Assert.False(selector.Matches(null));
        Assert.Equal("app=guestbook,tier=frontend", selector.ToString());
    }

    [Theory]
    [InlineData("In", "frontend", true)]
    [InlineData("In", "backend", false)]
    [InlineData("NotIn", "frontend", false)]
    [InlineData("NotIn", "backend", true)]
    public void FromLabelSelector_SetOperators_MatchAsKubernetes(string op, string tier, bool expected)
    {
        var selector = Selector.FromLabelSelector(new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = op, Values = ["frontend", "cache"] }],
        });

        Assert.Equal(expected, selector.Matches(new Dictionary<string, string> { ["tier"] = tier }));
    }

    [Fact]
    public void FromLabelSelector_NotInOnMissingLabel_Matches()
    {
        var selector = Selector.FromLabelSelector(new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "NotIn", Values = ["frontend"] }],
        });

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "x" }));
        Assert.True(selector.Matches(null));
    }

    [Fact]
    public void FromLabelSelector_ExistsAndDoesNotExist_CheckPresenceOnly()
    {
        var selector = Selector.FromLabelSelector(new LabelSelector
        {
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "app", Operator = "Exists" },
                new LabelSelectorRequirement { Key = "canary", Operator = "DoesNotExist" },
            ],
        });

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "x", ["canary"] = "" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["other"] = "x" }));
        Assert.Equal("app,!canary", selector.ToString());
    }

    [Fact]
    public void TryFromLabelSelector_InWithoutValues_FailsNamingValues()
    {
        var ok = Selector.TryFromLabelSelector(
            new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = [] }] },
            out _,
            out var error);

        Assert.False(ok);
        Assert.Equal("matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'", error);
    }

    [Fact]
    public void TryFromLabelSelector_ExistsWithValues_FailsAsForbidden()
    {
        var ok = Selector.TryFromLabelSelector(
            new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "Exists", Values = ["x"] }] },
            out _,
            out var error);

        Assert.False(ok);
        Assert.Equal("matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", error);
    }

    [Fact]
    public void TryFromLabelSelector_UnknownOperator_FailsNamingOperator()
    {
        var ok = Selector.TryFromLabelSelector(
            new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "Equals", Values = ["x"] }] },
            out _,
            out var error);

        Assert.False(ok);
        Assert.Equal("matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator", error);
    }

    [Fact]
    public void FromLabelSelector_InvalidLabelValue_ThrowsFormatException()
    {
        var selector = new LabelSelector { MatchLabels = new() { ["app"] = "not valid" } };

        var e = Assert.Throws<FormatException>(() => Selector.FromLabelSelector(selector));
        Assert.StartsWith("matchLabels: Invalid value: \"not valid\": a valid label must be", e.Message);
    }

    [Theory]
    [InlineData("app=guestbook", "app=guestbook")]
    [InlineData("app==guestbook", "app=guestbook")]
    [InlineData("tier!=backend", "tier!=backend")]
    [InlineData("tier in (frontend,cache)", "tier in (cache,frontend)")]
    [InlineData("tier notin (backend)", "tier notin (backend)")]
    [InlineData("app", "app")]
    [InlineData("!canary", "!canary")]
    [InlineData("  tier  in(  frontend ,cache ) ,  app = guestbook  ", "app=guestbook,tier in (cache,frontend)")]
    [InlineData("example.com/role=web", "example.com/role=web")]
    [InlineData("app=", "app=")]
    public void TryParse_ValidQuery_RendersCanonicalForm(string query, string expected)
    {
        Assert.True(Selector.TryParse(query, out var selector, out var error), error);

        Assert.Null(error);
        Assert.Equal(expected, selector.ToString());
        Assert.True(Selector.TryParse(selector.ToString(), out var reparsed, out _));
        Assert.Equal(selector, reparsed);
    }

    [Theory]
    [InlineData("app=guestbook", true)]
    [InlineData("app=redis", false)]
    [InlineData("app==guestbook,tier=frontend", true)]
    [InlineData("tier!=backend", true)]
    [InlineData("tier!=frontend", false)]
    [InlineData("missing!=x", true)]
    [InlineData("tier in (frontend,backend)", true)]
    [InlineData("tier in (backend)", false)]
    [InlineData("missing in (x)", false)]
    [InlineData("tier notin (frontend)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app,!missing,tier in (frontend)", true)]
    public void Matches_ParsedQuery_FollowsKubernetesSemantics(string query, bool expected)
    {
        var selector = Selector.Parse(query);

        Assert.Equal(expected, selector.Matches(Frontend));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_EmptyQuery_IsEverything(string? query)
    {
        Assert.True(Selector.TryParse(query, out var selector, out _));

        Assert.Same(Selector.Everything, selector);
    }

    [Theory]
    [InlineData("tier in frontend", "expected '(' after 'in'")]
    [InlineData("tier in ()", "the value list of 'in' must not be empty")]
    [InlineData("tier in (a b)", "expected ',' or ')' in the value list of 'in'")]
    [InlineData("tier in (a", "expected ',' or ')' in the value list of 'in', found the end of the selector")]
    [InlineData("app=x,", "expected a label key, found the end of the selector")]
    [InlineData("=x", "expected a label key, found '='")]
    [InlineData("!", "expected a label key after '!'")]
    [InlineData("app x", "expected an operator ('=', '==', '!=', 'in' or 'notin') after 'app', found 'x'")]
    [InlineData("app=x y", "expected ',' or the end of the selector, found 'y'")]
    [InlineData("replicas>1", "the '>' operator is not supported")]
    [InlineData("app=a b", "expected ',' or the end of the selector, found 'b'")]
    [InlineData("App Name=x", "expected an operator")]
    [InlineData("-bad=x", "invalid label key \"-bad\": name part must consist of alphanumeric characters")]
    [InlineData("app=-bad", "invalid label value \"-bad\" for key \"app\"")]
    [InlineData("a/b/c=x", "invalid label key \"a/b/c\": a qualified name must consist")]
    public void TryParse_InvalidQuery_FailsSayingWhy(string query, string expectedFragment)
    {
        var ok = Selector.TryParse(query, out var selector, out var error);

        Assert.False(ok);
        Assert.Same(Selector.Everything, selector);
        Assert.NotNull(error);
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
        Assert.StartsWith($"unable to parse label selector \"{query}\": ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidQuery_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Selector.Parse("tier in"));
    }

    [Fact]
    public void FromLabels_Labels_MatchesSupersets()
    {
        var selector = Selector.FromLabels(new Dictionary<string, string> { ["app"] = "guestbook" });

        Assert.True(selector.Matches(Frontend));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "redis" }));
        Assert.Same(Selector.Everything, Selector.FromLabels(null));
    }

    [Fact]
    public void Requirements_ParsedQuery_ExposesSortedRequirements()
    {
        var selector = Selector.Parse("tier in (b,a,a),app=x");

        Assert.Collection(
            selector.Requirements,
            r =>
            {
                Assert.Equal("app", r.Key);
                Assert.Equal(LabelOperator.Equal, r.Operator);
                Assert.Equal(["x"], r.Values);
            },
            r =>
            {
                Assert.Equal("tier", r.Key);
                Assert.Equal(LabelOperator.In, r.Operator);
                Assert.Equal(["a", "b"], r.Values);
            });
    }

    [Fact]
    public void Matches_ManyValues_UsesSetLookupCorrectly()
    {
        var values = Enumerable.Range(0, 50).Select(i => "v" + i).ToList();
        var selector = Selector.Parse("k in (" + string.Join(",", values) + ")");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["k"] = "v42" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["k"] = "v50" }));
    }

    [Fact]
    public void Matches_HotPath_DoesNotAllocate()
    {
        var selector = Selector.Parse("app=guestbook,tier in (frontend,cache),!canary,env notin (prod)");
        IReadOnlyDictionary<string, string> labels = Frontend;
        selector.Matches(labels);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matched = 0;
        for (var i = 0; i < 1000; i++)
        {
            matched += selector.Matches(labels) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, matched);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Equals_SameRequirementsInOtherOrder_AreEqual()
    {
        Assert.Equal(Selector.Parse("a=1,b=2"), Selector.Parse("b=2, a==1"));
        Assert.NotEqual(Selector.Parse("a=1"), Selector.Parse("a!=1"));
    }
}
