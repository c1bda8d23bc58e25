using FlowLens.Core.Generation;

namespace FlowLens.Core.Attribution;

/// <summary>
/// Which capabilities mattered. Leave-one-out re-runs the workflow without each capability (contribution =
/// score(full) - score(without)); sampled Shapley averages marginal contributions over random orders, for
/// interactions, with a standard error. Both call <c>run(disabled)</c>, which the engine backs with the memoising
/// executor, so only steps downstream of a removed capability cost anything.
/// </summary>
public static class CounterfactualAttribution
{
    public delegate Task<CoalitionOutcome> CoalitionRunner(IReadOnlySet<string> disabled, CancellationToken cancellationToken);

    public static async Task<AttributionReport> LeaveOneOutAsync(
        IReadOnlyList<string> capabilities,
        CoalitionOutcome full,
        CoalitionRunner run,
        IProgress<(int Done, int Total, string Capability)>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        // The ablations are independent (upstream steps are memo hits from the full run), so they run at once: a
        // serving engine batches their model requests, and the in-process model queues them at its gate.
        var finished = 0;
        var outcomes = await Task.WhenAll(capabilities.Select(async capability =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var without = await run(new HashSet<string> { capability }, cancellationToken).ConfigureAwait(false);
            progress?.Report((Interlocked.Increment(ref finished), capabilities.Count, capability));
            return without;
        })).ConfigureAwait(false);
        var contributions = new List<CapabilityContribution>();
        var extraCalls = 0;
        var hits = 0;
        var steps = 0;
        foreach (var (capability, without) in capabilities.Zip(outcomes))
        {
            contributions.Add(new CapabilityContribution(capability, Round(full.Score - without.Score), full.Score, without.Score, without.Report));
            extraCalls += without.Stats.ModelCalls;
            hits += without.Stats.CacheHits;
            steps += without.Stats.Steps;
        }

        return new AttributionReport("leave-one-out", contributions, capabilities.Count, extraCalls, steps == 0 ? 0 : (double)hits / steps);
    }

    /// <summary>
    /// Sampled Shapley values by permutation sampling: <paramref name="permutations"/> random orders; each
    /// coalition is run once (memoised), so the cost is at most permutations x capabilities runs and usually far less.
    /// </summary>
    public static async Task<AttributionReport> SampledShapleyAsync(
        IReadOnlyList<string> capabilities,
        CoalitionOutcome full,
        CoalitionRunner run,
        int permutations,
        Random random,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(random);
        var all = capabilities.ToHashSet();
        var memo = new Dictionary<string, CoalitionOutcome> { [Key([.. all])] = full };
        var extraCalls = 0;
        var hits = 0;
        var steps = 0;

        async Task<double> Value(HashSet<string> enabled)
        {
            var key = Key(enabled);
            if (!memo.TryGetValue(key, out var outcome))
            {
                outcome = await run(all.Except(enabled).ToHashSet(), cancellationToken).ConfigureAwait(false);
                memo[key] = outcome;
                extraCalls += outcome.Stats.ModelCalls;
                hits += outcome.Stats.CacheHits;
                steps += outcome.Stats.Steps;
            }

            return outcome.Score;
        }

        var samples = capabilities.ToDictionary(c => c, _ => new List<double>());
        for (var p = 0; p < permutations; p++)
        {
            var order = capabilities.OrderBy(_ => random.Next()).ToList();
            var enabled = new HashSet<string>();
            var previous = await Value(enabled).ConfigureAwait(false);
            foreach (var capability in order)
            {
                enabled.Add(capability);
                var value = await Value(enabled).ConfigureAwait(false);
                samples[capability].Add(value - previous);
                previous = value;
            }
        }

        var contributions = capabilities.Select(c =>
        {
            var s = samples[c];
            var mean = s.Count == 0 ? 0 : s.Average();
            var se = s.Count < 2 ? 0 : Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / (s.Count - 1) / s.Count);
            return new CapabilityContribution(c, Round(mean), full.Score, Round(full.Score - mean), null, Round(se));
        }).ToList();
        return new AttributionReport("shapley", contributions, memo.Count - 1, extraCalls, steps == 0 ? 0 : (double)hits / steps);
    }

    private static string Key(IEnumerable<string> enabled) => string.Join(",", enabled.Order(StringComparer.Ordinal));

    private static double Round(double value) => Math.Round(value, 6);
}
