using System.Text;
using FlowLens.Core.Tasks;

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
