using FlowLens.Core.Generation;

namespace FlowLens.Core.Attribution;

/// <summary>
/// Which capabilities mattered. Shapley values split the score among the capabilities so that they add up to it
/// (score(full) - score(none), and nothing runs without any capability): exact over all 2^k coalitions when a workflow has
/// few capabilities, sampled over random orders with a standard error above that. Leave-one-out re-runs the workflow
/// without each capability (contribution = score(full) - score(without)); it gives every link of a chain full credit,
/// so its values need not add up. All call <c>run(disabled)</c>, which the engine backs with the memoising executor,
/// so only steps downstream of a removed capability cost anything.
/// </summary>
public static class CounterfactualAttribution
{
    /// <summary>The method name of exact Shapley values.</summary>
    public const string ExactShapley = "shapley-exact";

    /// <summary>The method name of sampled Shapley values.</summary>
    public const string SampledShapley = "shapley";

    /// <summary>The method name of leave-one-out.</summary>
    public const string LeaveOneOut = "leave-one-out";

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

        return new AttributionReport(LeaveOneOut, contributions, capabilities.Count, extraCalls, steps == 0 ? 0 : (double)hits / steps);
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
        return new AttributionReport(SampledShapley, contributions, memo.Count - 1, extraCalls, steps == 0 ? 0 : (double)hits / steps);
    }

    /// <summary>
    /// Exact Shapley values: every coalition of the <paramref name="capabilities"/> is run once (most steps are memo
    /// hits), and each capability gets its marginal contribution averaged with the Shapley weights
    /// |S|! (n - |S| - 1)! / n!. The values add up to score(full) - score(none). Each contribution's "without" score
    /// and report are those of the workflow with only that capability removed.
    /// </summary>
    public static async Task<AttributionReport> ExactShapleyAsync(
        IReadOnlyList<string> capabilities,
        CoalitionOutcome full,
        CoalitionRunner run,
        IProgress<(int Done, int Total, string Capability)>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        var n = capabilities.Count;
        if (n > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(capabilities), n, "exact Shapley values enumerate 2^n coalitions; sample them above a handful of capabilities");
        }

        var all = (1 << n) - 1;
        var outcomes = new CoalitionOutcome[1 << n];
        outcomes[all] = full;
        var extraCalls = 0;
        var hits = 0;
        var steps = 0;

        // Larger coalitions first: the ones closest to the full run share most steps with it.
        var order = Enumerable.Range(0, all).OrderByDescending(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mask = order[i];
            var disabled = capabilities.Where((_, bit) => (mask & (1 << bit)) == 0).ToHashSet();
            progress?.Report((i, order.Count, string.Join(", ", disabled)));
            var outcome = await run(disabled, cancellationToken).ConfigureAwait(false);
            outcomes[mask] = outcome;
            extraCalls += outcome.Stats.ModelCalls;
            hits += outcome.Stats.CacheHits;
            steps += outcome.Stats.Steps;
        }

        var factorials = new double[n + 1];
        factorials[0] = 1;
        for (var i = 1; i <= n; i++)
        {
            factorials[i] = factorials[i - 1] * i;
        }

        var contributions = new List<CapabilityContribution>();
        for (var c = 0; c < n; c++)
        {
            var bit = 1 << c;
            var value = 0.0;
            for (var mask = 0; mask <= all; mask++)
            {
                if ((mask & bit) != 0)
                {
                    continue;
                }

                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                value += factorials[size] * factorials[n - size - 1] / factorials[n] * (outcomes[mask | bit].Score - outcomes[mask].Score);
            }

            var without = outcomes[all & ~bit];
            contributions.Add(new CapabilityContribution(capabilities[c], Round(value), full.Score, without.Score, without.Report));
        }

        return new AttributionReport(ExactShapley, contributions, all, extraCalls, steps == 0 ? 0 : (double)hits / steps);
    }

    /// <summary>A sentence for the details view: which attribution a contribution comes from, and what it means.</summary>
    public static string Describe(string method) => method switch
    {
        ExactShapley => "exact Shapley value over every coalition of the workflow's capabilities; the values add up to the score",
        SampledShapley => "sampled Shapley value (random orders, ± its standard error); the values add up to the score",
        LeaveOneOut => "leave-one-out: the score minus the score without this capability; every link of a chain gets full credit, so the values need not add up",
        _ => method,
    };

    private static string Key(IEnumerable<string> enabled) => string.Join(",", enabled.Order(StringComparer.Ordinal));

    private static double Round(double value) => Math.Round(value, 6);
}
