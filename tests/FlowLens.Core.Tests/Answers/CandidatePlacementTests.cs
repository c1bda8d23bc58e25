using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Tests.Answers;

public sealed class CandidatePlacementTests
{
    private const string Source = "using System;\r\n\r\nnamespace N;\r\n\r\npublic static class C\r\n{\r\n    private static int Twice(int x) => 2 * x;\r\n\r\n    // TASK: add two numbers.\r\n    public static int Add(int a, int b)\r\n    {\r\n        throw new NotImplementedException();\r\n    }\r\n}\r\n";

    private static TaskSite Site => TaskLocator.Find(Source).Single();

    [Fact]
    public void Places_body_members_and_usings_keeping_line_endings_and_indentation()
    {
        var candidate = new CandidateEdit("{\n    return Sum(a, b);\n}", ["private static int Sum(int a, int b)\n{\n    return a + b;\n}"], ["using System.Text;", "using System;"]);

        var placed = CandidatePlacement.Place(candidate, Source, Site);

        Assert.Null(placed.Failure);
        Assert.Equal(2, placed.Edits.Count);
        Assert.Equal(
            "using System;\r\nusing System.Text;\r\n\r\nnamespace N;\r\n\r\npublic static class C\r\n{\r\n    private static int Twice(int x) => 2 * x;\r\n\r\n    // TASK: add two numbers.\r\n    public static int Add(int a, int b)\r\n    {\r\n        return Sum(a, b);\r\n    }\r\n\r\n    private static int Sum(int a, int b)\r\n    {\r\n        return a + b;\r\n    }\r\n}\r\n",
            placed.Text);
        Assert.StartsWith("{\r\n        return Sum(a, b);", placed.Text[placed.CodeStart..], StringComparison.Ordinal);
        Assert.EndsWith("return a + b;\r\n    }", placed.Text[..(placed.CodeStart + placed.CodeLength)], StringComparison.Ordinal);
        Assert.Equal(Apply(Source, placed.Edits), placed.Text);
    }

    [Fact]
    public void A_helper_named_like_an_existing_member_fails_the_candidate()
    {
        var placed = CandidatePlacement.Place(new CandidateEdit("{ return Twice(a) + b; }", ["private static int Twice(int x) => x + x + 1;"], []), Source, Site);
        Assert.Contains("already has a member with that name", placed.Failure, StringComparison.Ordinal);
        Assert.Contains("Twice", placed.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_repeated_verbatim_from_the_class_is_not_added_again()
    {
        var placed = CandidatePlacement.Place(new CandidateEdit("{ return Twice(a) + b; }", ["private static int Twice(int x) => 2 * x;"], []), Source, Site);
        Assert.Null(placed.Failure);
        Assert.Single(placed.Edits);
    }

    private static string Apply(string text, IReadOnlyList<DocumentTextEdit> edits)
    {
        var lines = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines;
        foreach (var edit in edits.OrderByDescending(e => (e.Range.Start.Line, e.Range.Start.Character)))
        {
            var start = lines.GetPosition(new(edit.Range.Start.Line, edit.Range.Start.Character));
            var end = lines.GetPosition(new(edit.Range.End.Line, edit.Range.End.Character));
            text = text[..start] + edit.NewText + text[end..];
        }

        return text;
    }
}
