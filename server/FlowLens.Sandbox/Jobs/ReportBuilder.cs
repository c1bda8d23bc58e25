using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox.Processes;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Jobs;

/// <summary>Maps a worker's answer (or its death) onto Core's <see cref="EvaluationReport"/>.</summary>
internal static class ReportBuilder
{
    public static EvaluationReport Build(WorkerOutcome outcome, IReadOnlyList<TaskExample> examples, IReadOnlyList<string> notes, double milliseconds, TimeSpan runTimeout)
    {
        if (outcome.Result is not { WorkerError: null } result)
        {
            var why = outcome.TimedOut ? $"the run did not finish within {runTimeout.TotalSeconds:0.#} s: the worker was killed" : outcome.Crash ?? "the sandbox worker failed";
            var tests = outcome.TimedOut ? new List<TestResult> { new("run", TestOutcome.Timeout, why, milliseconds) } : [];
            return new EvaluationReport(
                Compiled: true,
                Rejected: [],
                Diagnostics: [.. notes],
                Tests: tests,
                Examples: examples.Select(e => new ExampleResult(e, outcome.TimedOut ? TestOutcome.Timeout : TestOutcome.Error, null, why)).ToList(),
                Milliseconds: milliseconds,
                Crash: outcome.TimedOut ? null : why);
        }

        var diagnostics = notes.Concat(result.Diagnostics).ToList();
        if (result.OutputTruncated)
        {
            diagnostics.Add("console output was truncated at the sandbox's limit");
        }

        return new EvaluationReport(
            result.Compiled,
            result.Rejected.Select(v => new PolicyViolation(v.Symbol, v.Line, v.Reason)).ToList(),
            diagnostics,
            result.Tests.Select(t => new TestResult(t.Name, Map(t.Outcome), t.Message, t.Milliseconds)).ToList(),
            result.Examples.Where(e => e.Index < examples.Count).Select(e => new ExampleResult(examples[e.Index], Map(e.Outcome), e.Observed, e.Message)).ToList(),
            milliseconds);
    }

    private static TestOutcome Map(ResultOutcome outcome) => outcome switch
    {
        ResultOutcome.Passed => TestOutcome.Passed,
        ResultOutcome.Failed => TestOutcome.Failed,
        ResultOutcome.Timeout => TestOutcome.Timeout,
        _ => TestOutcome.Error,
    };
}
