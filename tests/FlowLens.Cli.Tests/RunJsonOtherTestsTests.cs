using System.Text.Json;
using FlowLens.Cli.Rendering;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;

namespace FlowLens.Cli.Tests;

/// <summary><c>flowlens run --json</c> reports the rest of the tests apart from the selected ones, and says when they did not run.</summary>
public sealed class RunJsonOtherTestsTests
{
    private static readonly WorkflowRun Run = new(
        "run1", "task", [], "{ return 1; }",
        new EvaluationReport(true, [], [], [new TestResult("T.Selected", TestOutcome.Passed, null, 1)], [], 5, Runner: "r"),
        [], "flowchart LR", TimeSpan.FromSeconds(1), new GeneratorStatus(true, "m", "local", "cpu", false));

    [Fact]
    public void The_rest_of_the_tests_are_counted_and_listed_beside_the_selected_ones()
    {
        var others = new OtherTestsReport([new TestResult("T.Other", TestOutcome.Passed, null, 1), new TestResult("T.Broken", TestOutcome.Failed, "expected 2", 1)], "NUnit 4.2.2", null, 12);

        using var json = JsonDocument.Parse(RunJson.Render(Run with { OtherTests = others }, "/w/A.cs"));

        Assert.Equal(1, json.RootElement.GetProperty("othersPassed").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("othersFailed").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("tests").GetProperty("total").GetInt32());
        var broken = json.RootElement.GetProperty("others").GetProperty("tests")[1];
        Assert.Equal("T.Broken", broken.GetProperty("name").GetString());
        Assert.Equal("failed", broken.GetProperty("outcome").GetString());
        Assert.Contains("|  other tests 1/2  |", json.RootElement.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_others_are_null_and_the_summary_says_nothing_of_them()
    {
        using var json = JsonDocument.Parse(RunJson.Render(Run, "/w/A.cs"));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("othersPassed").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("othersFailed").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("others").ValueKind);
        Assert.DoesNotContain("other tests", json.RootElement.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }
}
