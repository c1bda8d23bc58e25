using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox.Processes;
using FlowLens.Sandbox.Worker.Compilation;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Jobs;

/// <summary>Maps a worker's answer (or its death) onto Core's <see cref="EvaluationReport"/>.</summary>
internal static class ReportBuilder
{
    /// <summary>Most characters of the candidate's console output carried into the diagnostics.</summary>
    internal const int OutputShown = 2000;

    public static EvaluationReport Build(WorkerOutcome outcome, WorkerJob job, IReadOnlyList<TaskExample> examples, IReadOnlyList<string> notes, double milliseconds, TimeSpan runTimeout)
    {
        if (outcome.Result is not { WorkerError: null } result)
        {
            return NoResult(outcome, job, examples, notes, milliseconds, runTimeout);
        }

        var diagnostics = notes.Concat(result.Diagnostics).ToList();
        if (result.Output.Trim().Length > 0)
        {
            // The candidate's own console output (first characters): often the clue to a failing test.
            var text = result.Output.Trim();
            diagnostics.Add("console output: " + (text.Length > OutputShown ? text[..OutputShown] + " ..." : text));
        }

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

    /// <summary>
    /// The worker died, was killed, or failed: no result came back. Every test the job holds (found in its syntax, as
    /// for a candidate that does not compile) and every check is still reported, as a timeout or an error naming the
    /// crash, so <see cref="EvaluationReport.Total"/> stays the number of the user's tests and examples.
    /// </summary>
    private static EvaluationReport NoResult(WorkerOutcome outcome, WorkerJob job, IReadOnlyList<TaskExample> examples, IReadOnlyList<string> notes, double milliseconds, TimeSpan runTimeout)
    {
        var why = outcome.TimedOut ? $"the run did not finish within {runTimeout.TotalSeconds:0.#} s: the worker was killed" : outcome.Crash ?? "the sandbox worker failed";
        var status = outcome.TimedOut ? TestOutcome.Timeout : TestOutcome.Error;
        IReadOnlyList<string> names;
        try
        {
            names = JobCompiler.ListTests(job);
        }
        catch (ArgumentException)
        {
            // A job whose policed span lies outside its file: the worker failed on it too; nothing to list.
            names = [];
        }

        var tests = names.Select(n => new TestResult(n, status, why, 0)).ToList();
        if (tests.Count == 0 && (job.Mode == JobMode.Program || outcome.TimedOut))
        {
            // What the worker itself reports for a program without asserts, or a run with nothing listed.
            tests.Add(new TestResult(job.Mode == JobMode.Program ? "program" : "run", status, why, milliseconds));
        }

        return new EvaluationReport(
            Compiled: true,
            Rejected: [],
            Diagnostics: [.. notes],
            Tests: tests,
            Examples: examples.Select(e => new ExampleResult(e, status, null, why)).ToList(),
            Milliseconds: milliseconds,
            Crash: outcome.TimedOut ? null : why);
    }

    private static TestOutcome Map(ResultOutcome outcome) => outcome switch
    {
        ResultOutcome.Passed => TestOutcome.Passed,
        ResultOutcome.Failed => TestOutcome.Failed,
        ResultOutcome.Timeout => TestOutcome.Timeout,
        _ => TestOutcome.Error,
    };
}
