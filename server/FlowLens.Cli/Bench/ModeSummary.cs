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
    /// <summary>Null (reported "n/a") when no task ran.</summary>
    public double? PassAt1 => Tasks == 0 ? null : (double)Passed / Tasks;

    /// <summary>Tasks whose composer fell back (one-pass to prior-only), with the reasons.</summary>
    public int Fallbacks { get; init; }

    public IReadOnlyList<string> FallbackReasons { get; init; } = [];

    /// <summary>Mean pass rate on what the workflow saw (visible tests and comment examples).</summary>
    public double MeanVisiblePassRate { get; init; }

    public int GradingRuns { get; init; }

    /// <summary>How often each capability was chosen, over the mode's tasks.</summary>
    public IReadOnlyDictionary<string, int> Chosen { get; init; } = new Dictionary<string, int>();

    public static ModeSummary Of(string mode, IReadOnlyList<TaskResult> results, SearchRecord? search)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ms = results.Select(r => r.Milliseconds).Order().ToList();
        double Mean(Func<TaskResult, double> f) => results.Count == 0 ? double.NaN : results.Average(f);
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
            results.Sum(r => r.CpuSeconds) + (search?.CpuSeconds ?? 0))
        {
            Fallbacks = results.Count(r => r.IsFallback),
            FallbackReasons = results.Where(r => r.IsFallback).Select(r => r.FallbackReason!).Distinct(StringComparer.Ordinal).ToList(),
            MeanVisiblePassRate = Mean(r => r.VisiblePassRate),
            GradingRuns = results.Sum(r => r.GradingRuns),
            Chosen = results
                .SelectMany(r => r.Selection.Split(" -> ", StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('(')[0]).Where(id => id != "(empty)").Distinct(StringComparer.Ordinal))
                .GroupBy(id => id, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values (NaN, reported "n/a", when empty).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
