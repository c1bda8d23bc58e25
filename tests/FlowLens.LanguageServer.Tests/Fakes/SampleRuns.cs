using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>A fixed, realistic workflow result: draft x3 -> run-tests -> repair -> vote, 5/5 tests, repair +0.40, vote no effect.</summary>
internal static class SampleRuns
{
    public const string Body = "{\n        return a + b;\n    }";

    public static WorkflowRun ForTarget(TaskTarget target)
    {
        var passing = Report(5, 5);
        var withoutRepair = Report(3, 5);
        WorkflowRunStep[] steps =
        [
            new("s1", "draft", "draft x3", "Write the body of Add.", "{ return a - b; }", 812, 3, 420, false, "3 candidates"),
            new("s2", "run-tests", "run-tests", null, "3/5 passed", 95, 0, 0, false, null),
            new("s3", "repair", "repair", "The test AddTests.Adds(2, 3) failed: expected 5, got -1. Fix the body.", "{ return a + b; }", 640, 1, 180, false, "fixed 2 tests"),
            new("s4", "vote", "vote", null, "{ return a + b; }", 3, 0, 0, true, "1 distinct behaviour"),
        ];
        CapabilityContribution[] contributions =
        [
            new("repair", 0.40, 1.0, 0.6, withoutRepair),
            new("vote", 0.0, 1.0, 1.0, passing),
        ];
        return new WorkflowRun(
            $"run-{target.Site.MethodName}",
            target.Id,
            steps,
            Body,
            passing,
            contributions,
            "flowchart LR\n  s1[draft x3] --> s2[run-tests] --> s3[repair] --> s4[vote]",
            TimeSpan.FromSeconds(2.1),
            new GeneratorStatus(true, "tiny", "local", "cpu", true),
            "random tiny model: code is meaningless");
    }

    private static EvaluationReport Report(int passed, int total) => new(
        true,
        [],
        [],
        [.. Enumerable.Range(0, total).Select(i => new TestResult($"AddTests.Adds(case: {i})", i < passed ? TestOutcome.Passed : TestOutcome.Failed, i < passed ? null : "Assert.Equal() Failure: expected 5 | actual -1", 1.5))],
        [],
        12);
}
