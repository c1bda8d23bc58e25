using System.Collections.Concurrent;

namespace FlowLens.Core.Attribution;

/// <summary>
/// The outcomes of a set of coalitions (each a set of enabled capabilities), run once each, a bounded number at a
/// time, and what running them cost. The one loop behind exact Shapley, sampled Shapley and leave-one-out.
/// </summary>
internal sealed class CoalitionTable
{
    private readonly IReadOnlyDictionary<string, CoalitionOutcome> _outcomes;

    private CoalitionTable(IReadOnlyDictionary<string, CoalitionOutcome> outcomes, int runs, int extraModelCalls, double cacheHitRatio)
    {
        _outcomes = outcomes;
        Runs = runs;
        ExtraModelCalls = extraModelCalls;
        CacheHitRatio = cacheHitRatio;
    }

    /// <summary>Coalitions run (the full workflow, already known, is not one of them).</summary>
    public int Runs { get; }

    /// <summary>Fresh model calls the runs made.</summary>
    public int ExtraModelCalls { get; }

    /// <summary>The share of the runs' steps that were memo hits.</summary>
    public double CacheHitRatio { get; }

    /// <summary>The outcome with exactly <paramref name="enabled"/> enabled.</summary>
    public CoalitionOutcome this[IEnumerable<string> enabled] => _outcomes[Key(enabled)];

    /// <summary>
    /// Runs every distinct coalition of <paramref name="coalitions"/> except the full one, in the order given (at
    /// most <see cref="CoalitionRunOptions.MaxConcurrent"/> at once). The outcomes do not depend on that order: every
    /// run goes through the same memo, so the table is the same as one run after the other would give.
    /// </summary>
    public static async Task<CoalitionTable> RunAsync(
        IReadOnlyList<string> capabilities,
        IEnumerable<IReadOnlyCollection<string>> coalitions,
        CoalitionOutcome full,
        CounterfactualAttribution.CoalitionRunner run,
        CoalitionRunOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrent, 1);
        var fullKey = Key(capabilities);
        var pending = coalitions.Select(c => (Key: Key(c), Enabled: c)).Where(c => c.Key != fullKey).DistinctBy(c => c.Key).ToList();
        var outcomes = new ConcurrentDictionary<string, CoalitionOutcome>(StringComparer.Ordinal) { [fullKey] = full };
        var done = 0;
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrent, CancellationToken = cancellationToken },
            async (coalition, ct) =>
            {
                var disabled = capabilities.Except(coalition.Enabled, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                outcomes[coalition.Key] = await run(disabled, ct).ConfigureAwait(false);
                options.Progress?.Report((Interlocked.Increment(ref done), pending.Count, string.Join(", ", capabilities.Where(disabled.Contains))));
            }).ConfigureAwait(false);

        var ran = pending.Select(c => outcomes[c.Key].Stats).ToList();
        var steps = ran.Sum(s => s.Steps);
        return new CoalitionTable(outcomes, pending.Count, ran.Sum(s => s.ModelCalls), steps == 0 ? 0 : (double)ran.Sum(s => s.CacheHits) / steps);
    }

    private static string Key(IEnumerable<string> enabled) => string.Join(",", enabled.Order(StringComparer.Ordinal));
}
