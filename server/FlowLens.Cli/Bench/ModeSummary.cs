namespace FlowLens.Cli.Bench;

/// <summary>
/// One mode's row: success on the test split, per-task latency, per-task costs, and totals that include the
/// mode's one-off search on the validation tasks (refine, bayesflow).
/// </summary>
internal sealed record ModeSummary(
    string Mode,
    int Tasks,
    int Passed,
    double MeanPassRate,
    double MeanMs,
    double P50Ms,
    double P95Ms,
    double MetaAgentTokensPerTask,
    double WorkerTokensPerTask,
    double ModelCallsPerTask,
    double SandboxRunsPerTask,
    double CpuSecondsPerTask,
    int Errors,
    SearchRecord? Search,
    long TotalMetaAgentTokens,
    long TotalWorkerTokens,
    long TotalModelCalls,
    long TotalSandboxRuns,
    double TotalWallMs,
    double TotalCpuSeconds)
{
    public double PassAt1 => Tasks == 0 ? 0 : (double)Passed / Tasks;

    public static ModeSummary Of(string mode, IReadOnlyList<TaskResult> results, SearchRecord? search)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ms = results.Select(r => r.Milliseconds).Order().ToList();
        double Mean(Func<TaskResult, double> f) => results.Count == 0 ? 0 : results.Average(f);
        return new ModeSummary(
            mode,
            results.Count,
            results.Count(r => r.Passed),
            Mean(r => r.PassRate),
            Mean(r => r.Milliseconds),
            Percentile(ms, 0.50),
            Percentile(ms, 0.95),
            Mean(r => r.MetaAgentTokens),
            Mean(r => r.WorkerTokens),
            Mean(r => r.ModelCalls),
            Mean(r => r.SandboxRuns),
            Mean(r => r.CpuSeconds),
            results.Count(r => r.Error is not null),
            search,
            results.Sum(r => r.MetaAgentTokens) + (search?.MetaAgentTokens ?? 0),
            results.Sum(r => r.WorkerTokens) + (search?.WorkerTokens ?? 0),
            results.Sum(r => (long)r.ModelCalls) + (search is null ? 0 : search.MetaAgentCalls + search.WorkerCalls),
            results.Sum(r => (long)r.SandboxRuns) + (search?.SandboxRuns ?? 0),
            results.Sum(r => r.Milliseconds) + (search?.Milliseconds ?? 0),
            results.Sum(r => r.CpuSeconds) + (search?.CpuSeconds ?? 0));
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when empty).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
