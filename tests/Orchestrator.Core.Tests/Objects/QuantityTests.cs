using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Objects;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("250m", "0.25")]
    [InlineData("1.5", "1.5")]
    [InlineData("128Mi", "134217728")]
    [InlineData("1Ki", "1024")]
    [InlineData("1G", "1000000000")]
    [InlineData("1e3", "1000")]
    [InlineData("1E-2", "0.01")]
    [InlineData("-1", "-1")]
    [InlineData("+2k", "2000")]
    [InlineData("100n", "0.0000001")]
    [InlineData("0", "0")]
    public void Value_ValidText_ParsesExactly(string text, string expected)
    {
        var quantity = new Quantity(text);

        Assert.True(quantity.IsValid);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), quantity.Value);
        Assert.Equal(text, quantity.ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("Mi")]
    [InlineData("")]
    [InlineData("1Mx")]
    [InlineData("1 Mi")]
    [InlineData(".")]
    public void IsValid_InvalidText_IsFalseAndValueThrows(string text)
    {
        var quantity = new Quantity(text);

        Assert.False(quantity.IsValid);
        var e = Assert.Throws<FormatException>(() => quantity.Value);
        Assert.Contains(Quantity.Grammar, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250m", 250)]
    [InlineData("1", 1000)]
    [InlineData("0.5", 500)]
    [InlineData("1n", 1)]
    public void MilliValue_Quantity_RoundsUp(string text, long expected)
    {
        Assert.Equal(expected, new Quantity(text).MilliValue);
    }

    [Fact]
    public void Equals_SameValueDifferentText_AreEqual()
    {
        Assert.Equal(new Quantity("1000m"), new Quantity("1"));
        Assert.Equal(new Quantity("1Ki"), new Quantity("1024"));
        Assert.NotEqual(new Quantity("1k"), new Quantity("1Ki"));
    }

    [Fact]
    public void FromMilli_WholeAndFractional_RendersKubernetesForm()
    {
        Assert.Equal("2", Quantity.FromMilli(2000).Text);
        Assert.Equal("1500m", Quantity.FromMilli(1500).Text);
    }
}
