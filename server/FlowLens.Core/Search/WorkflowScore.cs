namespace FlowLens.Core.Search;

/// <summary>
/// How a complete workflow did on the validation signal: <paramref name="Reward"/> is what the search optimises, the
/// mean pass rate over the validation tasks (in [0, 1]) or, when the scorer has reward weights, the mean multi-purpose
/// reward (pass rate less complexity and cost); <paramref name="Feedback"/> is what a meta-agent may see (validation only);
/// <paramref name="Error"/> is set when the workflow failed to run at all (not when its code failed tests).
/// The costs are what scoring paid (zero when the score came from the memo).
/// </summary>
public sealed record WorkflowScore(
    double Reward,
    string Feedback,
    string? Error,
    int ModelCalls,
    long WorkerTokens,
    int SandboxRuns,
    int Executions)
{
    /// <summary>The mean test pass rate, when <see cref="Reward"/> is the multi-purpose reward rather than the pass rate itself.</summary>
    public double? PassRate { get; init; }
}
