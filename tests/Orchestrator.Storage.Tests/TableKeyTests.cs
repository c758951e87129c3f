namespace Orchestrator.Storage.Tests;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain-name.1")]
    [InlineData("a/b\\c#d?e~f%g")]
    [InlineData("%41")]
    [InlineData("\u0000\u001f\u007f\u0080\u009f\u00a0")]
    [InlineData("日本語 é 🙂")]
    [InlineData("lone \ud800 high")]
    [InlineData("lone \udc00 low")]
    [InlineData("\udc00\ud800")]
    public void Escape_ThenUnescape_RoundTrips(string component)
    {
        Assert.Equal(component, TableKey.Unescape(TableKey.Escape(component)));
    }

    [Fact]
    public void Escape_AnyCharacter_LeavesNoForbiddenOrSeparatorCharacter()
    {
        var all = new string([.. Enumerable.Range(0, 0x300).Select(i => (char)i)]);

        var escaped = TableKey.Escape(all);

        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or '~' or <= '\u001f' or (>= '\u007f' and <= '\u009f'));
    }

    [Fact]
    public void Escape_SurrogatePair_KeptRaw()
    {
        Assert.Equal("🙂", TableKey.Escape("🙂"));
        Assert.Equal("%uD800x", TableKey.Escape("\ud800x"));
    }

    [Fact]
    public void UpperBound_Prefix_IsLastCharacterPlusOne()
    {
        Assert.Equal("o~pods\u007f", TableKey.UpperBound("o~pods~"));
    }

    [Fact]
    public void Unescape_Malformed_Throws()
    {
        Assert.Throws<FormatException>(() => TableKey.Unescape("%4"));
        Assert.Throws<FormatException>(() => TableKey.Unescape("%zz"));
    }
}
