using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// The rest of the test projects' tests, run once on the chosen candidate after the workflow picked it on the selected
/// tests alone: what the selection left out, so a candidate that breaks a test nobody selected does not go unnoticed.
/// </summary>
/// <param name="Tests">The tests that ran and were not among the selected ones.</param>
/// <param name="Runner">What ran them, in words.</param>
/// <param name="Problem">Why they could not run (the test projects did not compile, the run crashed); null when they ran.</param>
public sealed record OtherTestsReport(IReadOnlyList<TestResult> Tests, string? Runner, string? Problem, double Milliseconds)
{
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    /// <summary>Tests that did not pass: failed, errors and timeouts alike.</summary>
    public int Failed => Tests.Count - Passed;

    /// <summary>
    /// Runs every test of the target's test projects on <paramref name="candidate"/> and keeps those not in
    /// <paramref name="selected"/>; null where the target has no workspace tests.
    /// </summary>
    public static async Task<OtherTestsReport?> RunAsync(ICandidateEvaluator evaluator, TaskTarget target, CandidateEdit candidate, EvaluationReport selected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(selected);
        if (target.Tests is not TaskTests.Workspace)
        {
            return null;
        }

        var whole = await evaluator.EvaluateAsync(new EvaluationRequest(target, candidate) { Scope = TestScope.WholeProject }, cancellationToken).ConfigureAwait(false);
        var chosen = selected.Tests.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var others = whole.Tests.Where(t => !chosen.Contains(t.Name)).ToList();
        var problem = whole.Rejected.Count > 0 ? "the sandbox policy rejected the candidate"
            : !whole.Compiled ? "the test projects did not compile: " + (whole.Diagnostics.FirstOrDefault(d => d.Contains("error", StringComparison.Ordinal)) ?? whole.Diagnostics.FirstOrDefault() ?? "no diagnostic")
            : whole.Crash is { } crash ? "the run crashed: " + crash
            : null;
        return new OtherTestsReport(others, whole.Runner, problem, whole.Milliseconds);
    }
}
