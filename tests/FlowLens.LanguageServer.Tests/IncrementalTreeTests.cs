using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.LanguageServer.Tests;

public sealed class IncrementalTreeTests
{
    private const string Uri = "file:///w/Calculator.cs";

    private static DocumentChange Change(int startLine, int startCharacter, int endLine, int endCharacter, string text) =>
        new(new TextRange(new TextPosition(startLine, startCharacter), new TextPosition(endLine, endCharacter)), text);

    private static MethodDeclarationSyntax Method(SyntaxTree tree, string name) =>
        tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == name);

    [Fact]
    public void An_edit_reparses_only_around_it()
    {
        var document = new Document(Uri, 1, new DocumentText(ServerHarness.CalculatorText));
        var before = document.Tree;

        // Inside Add's body (line 8): Max, far from the edit, must be the same node, reused rather than parsed again.
        var edited = document.WithText(2, document.Text.Apply(Change(8, 8, 8, 8, "var unused = 1;\n        ")));

        Assert.True(Method(edited.Tree, "Max").IsIncrementallyIdenticalTo(Method(before, "Max")));
        Assert.False(Method(edited.Tree, "Add").IsIncrementallyIdenticalTo(Method(before, "Add")));
        Assert.Equal(edited.Text.Text, edited.Tree.GetRoot().ToFullString());
    }

    [Fact]
    public void A_burst_of_changes_is_one_reparse_from_the_last_tree_built()
    {
        var document = new Document(Uri, 1, new DocumentText(ServerHarness.CalculatorText));
        var before = document.Tree;

        // Twenty keystrokes in Add's body with no request in between: no version builds a tree of its own.
        var current = document;
        for (var i = 0; i < 20; i++)
        {
            current = current.WithText(current.Version + 1, current.Text.Apply(Change(8, 8, 8, 8, i % 2 == 0 ? "x" : ";")));
        }

        // The last version reparses from version 1's tree across all twenty changes, still reusing Max.
        Assert.True(Method(current.Tree, "Max").IsIncrementallyIdenticalTo(Method(before, "Max")));
        Assert.Equal(current.Text.Text, current.Tree.GetText().ToString());
        Assert.Equal(["Add", "Max"], current.Tasks.Select(t => t.Site.MethodName));
    }

    [Fact]
    public void A_full_replacement_parses_from_scratch_and_still_finds_the_tasks()
    {
        var document = new Document(Uri, 1, new DocumentText(ServerHarness.CalculatorText));
        _ = document.Tree;

        var replaced = document.WithText(2, document.Text.Apply(new DocumentChange(null, "class D\n{\n    // TASK: Nothing.\n    void N() { }\n}\n")));

        var task = Assert.Single(replaced.Tasks);
        Assert.Equal("N", task.Site.MethodName);
        Assert.Equal(new TextPosition(2, 4), task.CommentRange.Start);
        Assert.Equal(new TextRange(new TextPosition(3, 13), new TextPosition(3, 16)), task.BodyRange);
    }

    [Fact]
    public void Task_ranges_are_in_lsp_lines_and_the_site_keeps_roslyn_lines()
    {
        // One U+2028 in a comment: Roslyn counts a line there, an LSP client does not.
        var document = new Document(Uri, 1, new DocumentText("class C\n{\n    /* a\u2028b */\n    // TASK: Sum.\n    int Sum() => 1;\n}\n"));

        var task = Assert.Single(document.Tasks);

        Assert.Equal(new TextPosition(3, 4), task.CommentRange.Start);
        Assert.Equal(new TextPosition(4, 4), task.MethodRange.Start);
        Assert.Equal(new TextRange(new TextPosition(4, 14), new TextPosition(4, 19)), task.BodyRange);
        Assert.Equal(new TextPosition(4, 4), task.Site.CommentRange.Start);
        Assert.Equal("=> 1;", document.Text.Text[document.Text.OffsetOf(task.BodyRange.Start)..document.Text.OffsetOf(task.BodyRange.End)]);
    }
}
