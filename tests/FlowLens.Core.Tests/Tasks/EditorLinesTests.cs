using FlowLens.Core.Tasks;

namespace FlowLens.Core.Tests.Tasks;

/// <summary>Editor lines (\n, \r\n, \r) against Roslyn's, which also break at U+2028, U+2029 and U+0085.</summary>
public sealed class EditorLinesTests
{
    [Theory]
    [InlineData("a\nb\nc", "0,2,4", "0>0 1>1 2>2 3>-1")]
    [InlineData("a\r\nb\rc\n", "0,3,5,7", "0>0 1>1 2>2 3>3")]
    [InlineData("// x\u2028y\nclass C {}\n", "0,7,18", "0>0 1>2 2>3")]
    [InlineData("a\u2029b\u0085c\nd", "0,6", "0>0 1>3")]
    public void Check(string text, string starts, string editorToRoslyn)
    {
        Assert.Equal(starts, string.Join(',', EditorLines.Starts(text)));
        foreach (var pair in editorToRoslyn.Split(' '))
        {
            var (editor, roslyn) = (int.Parse(pair.Split('>')[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(pair.Split('>')[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(roslyn, EditorLines.ToRoslynLine(text, editor));
            if (roslyn >= 0)
            {
                Assert.Equal(editor, EditorLines.FromRoslynLine(text, roslyn));
            }
        }
    }

    [Fact]
    public void A_task_after_a_line_separator_is_found_at_the_line_an_editor_shows()
    {
        const string text = "namespace N;\n// a\u2028b\u2028c\npublic static class C\n{\n    // TASK: add\n    public static int Add(int a, int b)\n    {\n        return 0;\n    }\n}\n";

        // The editor shows the TASK comment on line 5 (index 4); Roslyn counts two more lines before it.
        var site = TaskLocator.FindAt(text, EditorLines.ToRoslynLine(text, 4));

        Assert.NotNull(site);
        Assert.Equal("Add", site.MethodName);
        Assert.Equal(6, site.CommentRange.Start.Line);
        Assert.Equal(4, EditorLines.FromRoslynLine(text, site.CommentRange.Start.Line));
        Assert.Null(TaskLocator.FindAt(text, EditorLines.ToRoslynLine(text, 99)));
    }
}
