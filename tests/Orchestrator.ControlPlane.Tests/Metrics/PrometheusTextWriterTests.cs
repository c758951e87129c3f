using Orchestrator.ControlPlane.Metrics;

namespace Orchestrator.ControlPlane.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Sample_LabelValueWithQuoteBackslashAndNewline_EscapesThem()
    {
        var writer = new PrometheusTextWriter();

        writer.Sample("m_total", 3, ("path", "C:\\a \"b\"\nc"));

        Assert.Equal("m_total{path=\"C:\\\\a \\\"b\\\"\\nc\"} 3\n", writer.ToString());
    }

    [Fact]
    public void Family_HelpWithBackslashAndNewline_EscapesThemAndWritesType()
    {
        var writer = new PrometheusTextWriter();

        writer.Family("m_total", "counter", "one\\two\nthree");

        Assert.Equal("# HELP m_total one\\\\two\\nthree\n# TYPE m_total counter\n", writer.ToString());
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(123456789012.0, "123456789012")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatValue_Number_WritesPrometheusFloat(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
    }
}
