using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Validation;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("example.com")]
    [InlineData("a-1.b-2")]
    [InlineData("0")]
    public void Dns1123SubdomainErrors_Valid_IsEmpty(string value) => Assert.Empty(NameRules.Dns1123SubdomainErrors(value));

    [Theory]
    [InlineData("Web")]
    [InlineData("-web")]
    [InlineData("web.")]
    [InlineData("a..b")]
    [InlineData("a_b")]
    [InlineData("")]
    [InlineData("web\n")]
    public void Dns1123SubdomainErrors_Invalid_GivesKubernetesText(string value)
    {
        var message = Assert.Single(NameRules.Dns1123SubdomainErrors(value));

        Assert.Equal(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            message);
    }

    [Fact]
    public void Dns1123SubdomainErrors_TooLong_SaysSo()
    {
        var errors = NameRules.Dns1123SubdomainErrors(new string('a', 254));

        Assert.Equal(["must be no more than 253 characters"], errors);
        Assert.Empty(NameRules.Dns1123SubdomainErrors(new string('a', 253)));
    }

    [Fact]
    public void Dns1123LabelErrors_DotOrTooLong_Fails()
    {
        Assert.Contains(NameRules.Dns1123LabelErrors("a.b"), m => m.StartsWith("a lowercase RFC 1123 label must consist", StringComparison.Ordinal));
        Assert.Equal(["must be no more than 63 characters"], NameRules.Dns1123LabelErrors(new string('a', 64)));
        Assert.Empty(NameRules.Dns1123LabelErrors(new string('a', 63)));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("App_Name.v1")]
    [InlineData("example.com/role")]
    [InlineData("kubernetes.io/hostname")]
    public void QualifiedNameErrors_Valid_IsEmpty(string value) => Assert.Empty(NameRules.QualifiedNameErrors(value));

    [Theory]
    [InlineData("/role", "prefix part must be non-empty")]
    [InlineData("example.com/", "name part must be non-empty")]
    [InlineData("Example.com/role", "prefix part a lowercase RFC 1123 subdomain")]
    [InlineData("-role", "name part must consist of alphanumeric characters")]
    [InlineData("a/b/c", "a qualified name must consist of alphanumeric characters")]
    public void QualifiedNameErrors_Invalid_SaysWhichPart(string value, string expectedStart)
    {
        Assert.Contains(NameRules.QualifiedNameErrors(value), m => m.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void QualifiedNameErrors_LongName_SaysNamePartTooLong()
    {
        Assert.Equal(["name part must be no more than 63 characters"], NameRules.QualifiedNameErrors(new string('a', 64)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("v1.2_x-y", true)]
    [InlineData("-x", false)]
    [InlineData("a b", false)]
    public void LabelValueErrors_Value_FollowsLabelRules(string value, bool valid) =>
        Assert.Equal(valid, NameRules.LabelValueErrors(value).Count == 0);

    [Theory]
    [InlineData("http", true)]
    [InlineData("web-8080", true)]
    [InlineData("8080", false)]
    [InlineData("Http", false)]
    [InlineData("a--b", false)]
    [InlineData("-http", false)]
    [InlineData("abcdefghijklmnop", false)]
    public void IanaSvcNameErrors_Name_FollowsIanaRules(string value, bool valid) =>
        Assert.Equal(valid, NameRules.IanaSvcNameErrors(value).Count == 0);

    [Theory]
    [InlineData("MY_VAR", true)]
    [InlineData("my.env-name", true)]
    [InlineData("_x1", true)]
    [InlineData("1VAR", false)]
    [InlineData("MY VAR", false)]
    [InlineData("..x", false)]
    [InlineData(".", false)]
    public void EnvVarNameErrors_Name_FollowsKubernetesRule(string value, bool valid) =>
        Assert.Equal(valid, NameRules.EnvVarNameErrors(value).Count == 0);
}
