using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

/// <summary>
/// U+2028, U+2029 and U+0085 end a line for Roslyn but not for an LSP client (LSP 3.17: only <c>\n</c>, <c>\r\n</c>,
/// <c>\r</c>). With them in a comment and a string literal above a task, the lens, the lines commands name, the edits
/// the client sends and the body edit the server sends must all be in the client's lines.
/// </summary>
public sealed class LineSeparatorTests
{
    /// <summary>Lines 4 to 6 hold a separator each; the task comment is on client line 8 (Roslyn's line 11).</summary>
    private static string Source(char separator) =>
        "namespace Demo;\n" +
        "\n" +
        "public static class Calculator\n" +
        "{\n" +
        $"    /* Notes:{separator}a line break to Roslyn only. */\n" +
        $"    // One comment to the client,{separator}// two to Roslyn.\n" +
        $"    private const string Note = @\"first{separator}second\";\n" +
        "\n" +
        "    // TASK: Return the sum of a and b.\n" +
        "    // Add(2, 3) == 5\n" +
        "    public static int Add(int a, int b)\n" +
        "    {\n" +
        "        throw new NotImplementedException();\n" +
        "    }\n" +
        "}\n";

    /// <summary>The client's view of an edit: its line and character, applied to the text as a plain string.</summary>
    private static string Splice(string text, int line, int character, int length, string inserted)
    {
        var offset = 0;
        for (var i = 0; i < line; i++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return string.Concat(text.AsSpan(0, offset + character), inserted, text.AsSpan(offset + character + length));
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public async Task Lenses_sit_on_the_task_line_the_client_sees(char separator)
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(Source(separator));

        Assert.Equal(["8: Generate workflow -> flowlens.server.generate"], await harness.LensTitlesAsync());
        var lens = Assert.Single(await harness.CodeLensAsync());
        Assert.Equal(ServerHarness.Range(8, 4, 8, 4).ToJsonString(), lens!["range"]!.ToJsonString());
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public async Task Edits_after_the_separator_land_where_the_client_put_them(char separator)
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        var expected = Source(separator);
        await harness.OpenAsync(expected);

        // Right after the separator in the string literal, then in the block comment, then a new line after the
        // separator in the line comment, which moves the task down one client line.
        var stringColumn = "    private const string Note = @\"first".Length + 1;
        await harness.ChangeAsync(2, 6, stringColumn, 6, stringColumn, "!");
        expected = Splice(expected, 6, stringColumn, 0, "!");
        var commentColumn = "    /* Notes:".Length + 1;
        await harness.ChangeAsync(3, 4, commentColumn, 4, commentColumn + "a line break".Length, "a break");
        expected = Splice(expected, 4, commentColumn, "a line break".Length, "a break");
        var lineCommentColumn = "    // One comment to the client,".Length + 1;
        await harness.ChangeAsync(4, 5, lineCommentColumn, 5, lineCommentColumn, "\n    ");
        expected = Splice(expected, 5, lineCommentColumn, 0, "\n    ");

        Assert.Equal(["9: Generate workflow -> flowlens.server.generate"], await harness.LensTitlesAsync());

        // The command names the client's line; the generator gets exactly the text the client has.
        var (_, response) = await harness.StartGenerateAsync(line: 9);
        ServerHarness.Result(await response);
        var target = Assert.Single(harness.Factory.Latest.Targets);
        Assert.Equal(expected, target.SourceText);
        Assert.Equal("Add", target.Site.MethodName);

        // The body edit is in the client's lines: "{" on line 12 to "}" on line 14.
        var applyEdit = await harness.Client.WaitForAsync("workspace/applyEdit");
        var edit = applyEdit["params"]!["edit"]!["documentChanges"]![0]!["edits"]![0]!;
        Assert.Equal(ServerHarness.Range(12, 4, 14, 5).ToJsonString(), edit["range"]!.ToJsonString());
        Assert.Equal(4, (int)applyEdit["params"]!["edit"]!["documentChanges"]![0]!["textDocument"]!["version"]!);
    }
}
