using System.Text;
using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Tests.Tasks;

public sealed class TaskLocatorTests
{
    public static TheoryData<string> Fixtures() => new(Directory.GetFiles(RepoPaths.Fixtures("tasks"), "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Finds_tasks_as_the_snapshot_says(string fixture) =>
        Check(RepoPaths.Fixtures("tasks", fixture), RepoPaths.Fixtures("tasks", Path.ChangeExtension(fixture, ".expected.txt")));

    [Fact]
    public void FindAt_matches_a_line_inside_the_method_or_the_comment()
    {
        var source = File.ReadAllText(RepoPaths.Fixtures("tasks", "two-tasks.cs"));
        Assert.Equal("Dedupe", TaskLocator.FindAt(source, 4)?.MethodName);
        Assert.Equal("Rotate", TaskLocator.FindAt(source, 10)?.MethodName);
        Assert.Null(TaskLocator.FindAt(source, 0));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_parsed_tree_gives_what_the_text_gives(string fixture)
    {
        var source = File.ReadAllText(RepoPaths.Fixtures("tasks", fixture));

        Assert.Equal(Render(TaskLocator.Find(source)), Render(TaskLocator.Find(TaskLocator.Parse(SourceText.From(source)))));
    }

    /// <summary>An edit applied as a Roslyn text change and reparsed incrementally finds what a fresh parse of the edited text finds.</summary>
    [Theory]
    [InlineData("two-tasks.cs", "Remove duplicates", "Quickly r")] // the task text
    [InlineData("two-tasks.cs", "class Lists", "// A new first line.\n")] // every line moves
    [InlineData("two-tasks.cs", "    public static List<int> Rotate", "\n")] // a blank line between comment and method
    [InlineData("line-comment.cs", "throw new", "var unused = 0;\r\n        ")] // the body grows, with a \r\n
    [InlineData("doc-summary.cs", "Returns the larger", "TASK: ")] // a new task
    [InlineData("block-comment.cs", "1s in the grid", "\u2028")] // a Roslyn-only line break inside the task comment
    public void An_incrementally_reparsed_tree_finds_what_a_fresh_parse_finds(string fixture, string anchor, string inserted)
    {
        var source = File.ReadAllText(RepoPaths.Fixtures("tasks", fixture));
        var at = source.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{anchor} not in {fixture}");
        var text = SourceText.From(source);
        var tree = TaskLocator.Parse(text);

        var reparsed = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, 0), inserted)));

        var edited = source.Insert(at, inserted);
        Assert.Equal(edited, reparsed.GetText().ToString());
        Assert.Equal(Render(TaskLocator.Find(edited)), Render(TaskLocator.Find(reparsed)));
        Assert.NotEqual(Render(TaskLocator.Find(source)), Render(TaskLocator.Find(reparsed)));
    }

    [Fact]
    public void A_tree_parsed_without_documentation_comments_is_refused()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }", new CSharpParseOptions(documentationMode: DocumentationMode.None));

        Assert.Throws<ArgumentException>(() => TaskLocator.Find(tree));
    }

    /// <summary>Core's positions are Roslyn's lines, which end at these characters too; editors that do not must map through offsets.</summary>
    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public void Positions_count_the_line_breaks_roslyn_counts(char separator)
    {
        var source = $"class C\n{{\n    /* a{separator}b */\n    // TASK: One.\n    int One() => 1;\n}}\n";

        var site = Assert.Single(TaskLocator.Find(source));

        Assert.Equal(new TextPosition(4, 4), site.CommentRange.Start);
        Assert.Equal(new TextRange(new TextPosition(5, 14), new TextPosition(5, 19)), site.BodyRange);
    }

    /// <summary>Renders every task site of a file and compares with the snapshot next to it.</summary>
    private static void Check(string inputPath, string expectedPath)
    {
        var actual = Render(TaskLocator.Find(File.ReadAllText(inputPath)));
        if (Environment.GetEnvironmentVariable("FLOWLENS_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(expectedPath, actual); // review the diff before committing
        }

        Assert.True(File.Exists(expectedPath), $"missing snapshot {expectedPath}; actual:\n{actual}");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    private static string Render(IReadOnlyList<TaskSite> sites)
    {
        var text = new StringBuilder();
        foreach (var s in sites)
        {
            text.Append("method: ").Append(s.MethodName).Append('\n');
            text.Append("signature: ").Append(s.Signature).Append('\n');
            text.Append("comment: ").Append(R(s.CommentRange)).Append('\n');
            text.Append("method range: ").Append(R(s.MethodRange)).Append('\n');
            text.Append("body: ").Append(R(s.BodyRange)).Append('\n');
            text.Append("task: ").Append(s.TaskText.Replace("\n", " / ", StringComparison.Ordinal)).Append('\n');
            foreach (var e in s.Examples)
            {
                text.Append("example: ").Append(e.Call).Append(" == ").Append(e.Expected ?? "?").Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();

        static string R(TextRange r) => $"{r.Start.Line}:{r.Start.Character}-{r.End.Line}:{r.End.Character}";
    }
}
