using System.Text.Json.Nodes;
using FlowLens.Core.Evaluation;
using FlowLens.LanguageServer.Tests.Fakes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

/// <summary>"Run its tests" and the editor's text reaching the workspace views, through Core's interfaces only.</summary>
public sealed class RunTestsLensTests
{
    private static readonly EvaluationReport TwoOfThree = new(
        true,
        [],
        ["tests selected with Roslyn: 3 test method(s) reference Add, directly or through 0 test helper(s) (at most 2 deep)"],
        [
            new TestResult("Demo.Tests.CalculatorTests.Adds_two_numbers", TestOutcome.Passed, null, 3),
            new TestResult("Demo.Tests.CalculatorTests.Adds_negatives(a: -1, b: -2)", TestOutcome.Passed, null, 1),
            new TestResult("Demo.Tests.CalculatorTests.Overflows", TestOutcome.Failed, "Assert.Throws() Failure: No exception was thrown", 2),
        ],
        [],
        40,
        Runner: "sandbox worker: xunit v2 through XunitTestFramework");

    [Fact]
    public async Task Each_task_gets_a_lens_and_the_command_reports_every_test_and_the_runner()
    {
        var tests = new ScriptedMethodTests(TwoOfThree);
        await using var harness = ServerHarness.Start(options: new LanguageServerOptions { MethodTests = tests });
        await harness.InitializeAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);
        await harness.ChangeAsync(2, 8, 8, 8, 44, "return a + b;");

        var titles = await harness.LensTitlesAsync();
        Assert.Contains("4: Run its tests -> flowlens.runTests", titles);
        Assert.Contains("11: Run its tests -> flowlens.runTests", titles);

        var response = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.runTests",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4 }),
        });
        var result = ServerHarness.Result(response);

        Assert.Equal(2, (int)result["passed"]!);
        Assert.Equal(3, (int)result["total"]!);
        var markdown = (string)result["markdown"]!;
        Assert.Contains("sandbox worker: xunit v2 through XunitTestFramework", markdown, StringComparison.Ordinal);
        Assert.Contains("Demo.Tests.CalculatorTests.Overflows", markdown, StringComparison.Ordinal);
        Assert.Contains("No exception was thrown", markdown, StringComparison.Ordinal);
        Assert.Contains("tests selected with Roslyn", markdown, StringComparison.Ordinal);
        var message = await harness.Client.WaitForAsync("window/showMessage", m => ((string?)m["params"]!["message"])?.StartsWith("Add: 2/3 tests passed", StringComparison.Ordinal) == true);
        Assert.Equal(2, (int)message["params"]!["type"]!);

        // The method as the editor has it (unsaved), in the workspace folder, is what ran.
        var target = Assert.Single(tests.Targets);
        Assert.Equal("Add", target.Site.MethodName);
        Assert.Contains("return a + b;", target.SourceText, StringComparison.Ordinal);
        Assert.Equal("/work/demo", Assert.IsType<FlowLens.Core.Tasks.TaskTests.Workspace>(target.Tests).WorkspaceRoot);
    }

    [Fact]
    public async Task Without_a_sandbox_there_is_no_lens_and_the_command_says_why()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);

        Assert.DoesNotContain(await harness.LensTitlesAsync(), t => t.Contains("Run its tests", StringComparison.Ordinal));
        var response = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.runTests",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4 }),
        });
        Assert.Contains("no sandbox", (string)response["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opened_edited_and_closed_text_reaches_the_workspace_views()
    {
        var editor = new RecordingEditorDocuments();
        await using var harness = ServerHarness.Start(options: new LanguageServerOptions { EditorDocuments = editor });
        await harness.InitializeAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);
        await harness.ChangeAsync(2, 0, 0, 0, 0, "// edited\n");
        await harness.Client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri } });
        await harness.OpenAsync("class Scratch { }", "untitled:Untitled-1");
        await harness.LensTitlesAsync();

        Assert.Equal(
            [
                $"opened /work/demo/src/Calculator.cs in /work/demo: {ServerHarness.CalculatorText.Length} chars",
                $"changed /work/demo/src/Calculator.cs: // edited\n{ServerHarness.CalculatorText}",
                "closed /work/demo/src/Calculator.cs",
            ],
            editor.Calls);
    }
}
