using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// What happened to one candidate. <see cref="Tests"/> are the user's tests (workspace xunit tests or program
/// asserts); <see cref="Examples"/> are checks, each marked with its origin. <see cref="Runner"/> says what ran the
/// tests and why that runner was chosen (the sandbox worker, or the real engine when the worker cannot model the project).
/// </summary>
public sealed record EvaluationReport(
    bool Compiled,
    IReadOnlyList<PolicyViolation> Rejected,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<TestResult> Tests,
    IReadOnlyList<ExampleResult> Examples,
    double Milliseconds,
    string? Crash = null,
    string? Unreadable = null,
    string? Runner = null)
{
    /// <summary>True when no user test and no comment example was executed: such a run proves nothing and says so.</summary>
    public bool RanNothing => Total == 0;

    /// <summary>Passed user tests plus passed comment examples.</summary>
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed) + UserExamples.Count(e => e.Outcome == TestOutcome.Passed);

    /// <summary>All user tests plus comment examples.</summary>
    public int Total => Tests.Count + UserExamples.Count();

    /// <summary>The score attribution uses: the pass rate on the user's tests and comment examples (0 when there are none).</summary>
    public double PassRate => Total == 0 ? 0 : (double)Passed / Total;

    /// <summary>Pass rate on generated checks with an expected value, which only the workflow sees.</summary>
    public double GeneratedPassRate
    {
        get
        {
            var generated = Examples.Where(e => e.Example.Origin == ExampleOrigin.Generated && e.Example.Expected is not null).ToList();
            return generated.Count == 0 ? 0 : (double)generated.Count(e => e.Outcome == TestOutcome.Passed) / generated.Count;
        }
    }

    private IEnumerable<ExampleResult> UserExamples => Examples.Where(e => e.Example.Origin == ExampleOrigin.TaskComment);

    /// <summary>A candidate whose answer gave no usable code: it fails with the reason in words, never compiled.</summary>
    public static EvaluationReport NotReadable(string reason) =>
        new(false, [], [reason], [], [], 0, Unreadable: reason);

    public static EvaluationReport NotCompiled(IReadOnlyList<string> diagnostics, double milliseconds) =>
        new(false, [], diagnostics, [], [], milliseconds);
}
