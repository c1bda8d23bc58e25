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

    /// <summary>
    /// Edits whose edges make or break a two-character line break: the patched line table must say what a table built
    /// from scratch says, for every line.
    /// </summary>
    [Theory]
    [InlineData("a\rb", 1, 0, 1, 0, "\n", "a\r\nb")] // a \n after a lone \r joins it: still two lines
    [InlineData("a\r\nb", 0, 1, 0, 1, "x", "ax\r\nb")]
    [InlineData("a\rb", 0, 1, 0, 1, "\r", "a\r\rb")]
    [InlineData("a\nb", 0, 1, 0, 1, "\r", "a\r\nb")] // a \r before a \n: one break, not two
    [InlineData("a\r\nb", 0, 0, 1, 0, "", "b")]
    [InlineData("a\r\r\nb", 1, 0, 2, 0, "", "a\rb")]
    [InlineData("a\r", 1, 0, 1, 0, "\n", "a\r\n")] // at the very end
    [InlineData("\nb", 0, 0, 0, 0, "\r", "\r\nb")] // at the very start
    [InlineData("a\r\nb", 0, 1, 1, 0, "\n\r", "a\n\rb")]
    [InlineData("a\u2028b\u2029c\u0085d", 0, 2, 0, 2, "\r\n", "a\u2028\r\nb\u2029c\u0085d")]
    public void The_line_table_after_an_edit_equals_one_built_from_scratch(string before, int startLine, int startCharacter, int endLine, int endCharacter, string inserted, string after)
    {
        var edited = new DocumentText(before).Apply(Change(startLine, startCharacter, endLine, endCharacter, inserted));
        var fresh = new DocumentText(after);

        Assert.Equal(after, edited.Text);
        Assert.Equal(fresh.LineCount, edited.LineCount);
        for (var line = 0; line < fresh.LineCount; line++)
        {
            Assert.Equal(fresh.LineText(line), edited.LineText(line));
            Assert.Equal(fresh.OffsetOf(new TextPosition(line, 0)), edited.OffsetOf(new TextPosition(line, 0)));
        }
    }

    /// <summary>Roslyn ends lines at these too; LSP clients do not, so they are ordinary characters of the line here.</summary>
    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public void Unicode_line_separators_do_not_end_lsp_lines(char separator)
    {
        var text = new DocumentText($"// a{separator}b\nc");

        Assert.Equal(2, text.LineCount);
        Assert.Equal($"// a{separator}b", text.LineText(0));
        Assert.Equal(new TextPosition(0, 6), text.PositionOf(6));
        Assert.Equal(new TextPosition(1, 0), text.PositionOf(7));
        Assert.Equal("// a" + separator + "!b\nc", text.Apply(Change(0, 5, 0, 5, "!")).Text);
    }

    [Fact]
    public void Positions_and_offsets_round_trip_on_every_character()
    {
        var text = new DocumentText("a\r\nb😀\rc\n\r\nd");

        for (var offset = 0; offset <= text.Length; offset++)
        {
            if (offset > 0 && text.Text[offset - 1] == '\r' && offset < text.Length && text.Text[offset] == '\n')
            {
                continue; // between \r and \n: no LSP position names it
            }

            Assert.Equal(offset, text.OffsetOf(text.PositionOf(offset)));
        }
    }

    [Fact]
    public void Text_is_held_as_a_source_text_that_remembers_the_change()
    {
        var text = new DocumentText("class C { }");

        var edited = text.Apply(Change(0, 9, 0, 9, "int x; "));

        var change = Assert.Single(edited.Source.GetChangeRanges(text.Source));
        Assert.Equal(9, change.Span.Start);
        Assert.Equal(0, change.Span.Length);
        Assert.Equal(7, change.NewLength);
    }
}
