using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Objects;

public sealed class IntOrStringTests
{
    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("100%", 7, true, 7)]
    [InlineData("0%", 7, true, 0)]
    [InlineData("50%", 3, false, 1)]
    [InlineData("50%", 3, true, 2)]
    public void Resolve_Percent_RoundsAsAsked(string text, int total, bool roundUp, int expected)
    {
        var value = IntOrString.FromString(text);

        Assert.True(value.IsPercent);
        Assert.Equal(expected, value.Resolve(total, roundUp));
    }

    [Fact]
    public void Resolve_Number_IgnoresTotal()
    {
        Assert.Equal(2, IntOrString.FromInt(2).Resolve(100, roundUp: true));
    }

    [Theory]
    [InlineData("25")]
    [InlineData("%")]
    [InlineData("-5%")]
    [InlineData("abc%")]
    public void Resolve_NotAPercent_Throws(string text)
    {
        var value = IntOrString.FromString(text);

        Assert.False(value.IsPercent);
        Assert.Throws<FormatException>(() => value.Resolve(10, roundUp: true));
    }
}
