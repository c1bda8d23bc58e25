using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// What the editor may do with a workflow's result: a candidate that does not compile (or that the sandbox
/// rejected) is never applied; one that fails tests, or that no test checked, is applied only after the user
/// confirms it, seeing <see cref="Verdict"/> and <see cref="Details"/>; one that passes every test is applied at once.
/// </summary>
internal sealed record CandidateReview(CandidateVerdict Kind, string Verdict, string? Details)
{
    private const int ListedFailures = 3;

    public static CandidateReview Of(EvaluationReport? report)
    {
        if (report is null)
        {
            return new(CandidateVerdict.Refused, "was not evaluated", null);
        }

        if (!report.Compiled)
        {
            var first = report.Diagnostics.FirstOrDefault() ?? "no diagnostic was reported";
            return new(CandidateVerdict.Refused, $"does not compile ({report.Diagnostics.Count} error{(report.Diagnostics.Count == 1 ? string.Empty : "s")}; first: {first})", string.Join("\n", report.Diagnostics));
        }

        if (report.Rejected.Count > 0)
        {
            var reasons = report.Rejected.Select(r => $"{r.Symbol}: {r.Reason}").ToList();
            return new(CandidateVerdict.Refused, $"uses what the sandbox forbids ({reasons[0]})", string.Join("\n", reasons));
        }

        if (report.Total == 0)
        {
            return new(CandidateVerdict.NeedsConfirmation, "compiles, but no test or example checked it", null);
        }

        if (report.Passed < report.Total)
        {
            var failing = report.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => $"{t.Name}: {t.Outcome.ToString().ToLowerInvariant()}{(t.Message is null ? string.Empty : " - " + t.Message)}")
                .Concat(report.Examples.Where(e => e.Example.Origin == ExampleOrigin.TaskComment && e.Outcome != TestOutcome.Passed).Select(e => $"{e.Example.Call}: {e.Outcome.ToString().ToLowerInvariant()}"))
                .ToList();
            var names = string.Join(", ", failing.Take(ListedFailures).Select(f => f.Split(':')[0]));
            var more = failing.Count > ListedFailures ? $" and {failing.Count - ListedFailures} more" : string.Empty;
            return new(CandidateVerdict.NeedsConfirmation, $"passes {report.Passed} of {report.Total} tests (failing: {names}{more})", string.Join("\n", failing));
        }

        return new(CandidateVerdict.Apply, $"passes all {report.Total} tests", null);
    }
}
