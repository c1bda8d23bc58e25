using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Search;

/// <summary>
/// Scores for benchmarks: the pass rate on the task's TESTS only (program asserts or xunit tests; comment
/// examples do not count, since a few suites' doctests disagree with their tests), and pass@1 (all tests passed).
/// Graders use these on the hidden tests; searches use <see cref="VisiblePassRate"/>, the score a developer could see.
/// </summary>
public static class TestScore
{
    /// <summary>The pass rate over the visible tests and the comment's examples (0 when nothing compiled or nothing ran).</summary>
    public static double VisiblePassRate(EvaluationReport? report) =>
        report is { Compiled: true } ? report.PassRate : 0;

    public static double PassRate(EvaluationReport? report) =>
        report is null || !report.Compiled || report.Tests.Count == 0 ? 0 : (double)report.Tests.Count(t => t.Outcome == TestOutcome.Passed) / report.Tests.Count;

    public static bool Passed(EvaluationReport? report) =>
        report is { Compiled: true, Tests.Count: > 0 } && report.Tests.All(t => t.Outcome == TestOutcome.Passed);
}
