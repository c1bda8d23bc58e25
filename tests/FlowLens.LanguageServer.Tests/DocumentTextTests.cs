using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;

namespace FlowLens.LanguageServer.Tests;

public sealed class DocumentTextTests
{
    private static DocumentChange Change(int startLine, int startCharacter, int endLine, int endCharacter, string text) =>
        new(new TextRange(new TextPosition(startLine, startCharacter), new TextPosition(endLine, endCharacter)), text);

    [Theory]
    [InlineData("a\nb\nc", 3)]
    [InlineData("a\r\nb\r\nc\r\n", 4)]
    [InlineData("a\rb", 2)]
    [InlineData("", 1)]
    public void Lines_break_on_lf_crlf_and_cr(string text, int lines) =>
        Assert.Equal(lines, new DocumentText(text).LineCount);

    [Fact]
    public void Columns_are_utf16_code_units()
    {
        // "😀" is two UTF-16 code units: the column after it is 3 for "x😀|y".
        var text = new DocumentText("x😀y\nz");

        var edited = text.Apply(Change(0, 3, 0, 4, "Y"));

        Assert.Equal("x😀Y\nz", edited.Text);
    }

    [Fact]
    public void Changes_apply_in_order_each_on_the_previous_result()
    {
        var text = new DocumentText("one\r\ntwo\r\nthree");

        var edited = text.Apply([Change(1, 0, 1, 3, "2"), Change(0, 0, 0, 3, "1"), Change(2, 5, 2, 5, "!")]);

        Assert.Equal("1\r\n2\r\nthree!", edited.Text);
    }

    [Fact]
    public void Out_of_range_positions_clamp_to_the_line_end_or_text_end()
    {
        var text = new DocumentText("ab\ncd");

        Assert.Equal("abX\ncd", text.Apply(Change(0, 99, 0, 99, "X")).Text);
        Assert.Equal("ab\ncdX", text.Apply(Change(7, 0, 9, 0, "X")).Text);
        Assert.Equal("ab\ncd", text.Apply(Change(1, 2, 1, 1, string.Empty)).Text);
    }

    [Fact]
    public void A_change_without_range_replaces_everything() =>
        Assert.Equal("new", new DocumentText("old\ntext").Apply(new DocumentChange(null, "new")).Text);

    [Fact]
    public void Deleting_across_lines_joins_them()
    {
        var text = new DocumentText("a\r\nb\r\nc");

        Assert.Equal("ac", text.Apply(Change(0, 1, 2, 0, string.Empty)).Text);
    }
}
