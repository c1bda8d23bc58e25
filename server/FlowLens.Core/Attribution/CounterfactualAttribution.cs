using FlowLens.Core.Generation;

namespace FlowLens.Core.Attribution;

/// <summary>
/// Which capabilities mattered. Shapley values split the score among the capabilities so that they add up to it
/// (score(full) - score(none), and nothing runs without any capability): exact over all 2^k coalitions when a workflow has
/// few capabilities, sampled over random orders with a standard error above that. Leave-one-out re-runs the workflow
/// without each capability (contribution = score(full) - score(without)); it gives every link of a chain full credit,
/// so its values need not add up. All call <c>run(disabled)</c>, which the engine backs with the memoising executor,
/// so only steps downstream of a removed capability cost anything. All three run their coalitions through one loop
/// (<see cref="CoalitionTable"/>): each once, a bounded number at a time.
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
        CoalitionRunOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var withoutEach = capabilities.Select(c => capabilities.Where(other => other != c).ToList()).ToList();
        var table = await CoalitionTable.RunAsync(capabilities, withoutEach, full, run, options, cancellationToken).ConfigureAwait(false);
        var contributions = capabilities.Zip(withoutEach, (capability, rest) =>
        {
            var without = table[rest];
            return new CapabilityContribution(capability, Round(full.Score - without.Score), full.Score, without.Score, without.Report);
        }).ToList();
        return new AttributionReport(LeaveOneOut, contributions, table.Runs, table.ExtraModelCalls, table.CacheHitRatio);
    }

    /// <summary>
    /// Sampled Shapley values by permutation sampling: <paramref name="permutations"/> random orders, drawn first;
    /// every coalition they pass through is run once (all of them concurrently, memoised), so the cost is at most
    /// permutations x capabilities runs and usually far less, and the values are those of one order after the other.
    /// </summary>
    public static async Task<AttributionReport> SampledShapleyAsync(
        IReadOnlyList<string> capabilities,
        CoalitionOutcome full,
        CoalitionRunner run,
        int permutations,
        Random random,
        CoalitionRunOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        var orders = Enumerable.Range(0, permutations).Select(_ => capabilities.OrderBy(_ => random.Next()).ToList()).ToList();
        var table = await CoalitionTable.RunAsync(
            capabilities,
            orders.SelectMany(order => Enumerable.Range(0, order.Count + 1).Select(size => order.Take(size).ToList())),
            full,
            run,
            options,
            cancellationToken).ConfigureAwait(false);

        var samples = capabilities.ToDictionary(c => c, _ => new List<double>());
        foreach (var order in orders)
        {
            for (var i = 0; i < order.Count; i++)
            {
                samples[order[i]].Add(table[order.Take(i + 1)].Score - table[order.Take(i)].Score);
            }
        }

        var contributions = capabilities.Select(c =>
        {
            var s = samples[c];
            var mean = s.Count == 0 ? 0 : s.Average();
            var se = s.Count < 2 ? 0 : Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / (s.Count - 1) / s.Count);
            return new CapabilityContribution(c, Round(mean), full.Score, Round(full.Score - mean), null, Round(se));
        }).ToList();
        return new AttributionReport(SampledShapley, contributions, table.Runs, table.ExtraModelCalls, table.CacheHitRatio);
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
        CoalitionRunOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var n = capabilities.Count;
        if (n > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(capabilities), n, "exact Shapley values enumerate 2^n coalitions; sample them above a handful of capabilities");
        }

        var all = (1 << n) - 1;
        List<string> Enabled(int mask) => capabilities.Where((_, bit) => (mask & (1 << bit)) != 0).ToList();

        // Larger coalitions first: the ones closest to the full run share most steps with it.
        var order = Enumerable.Range(0, all).OrderByDescending(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m);
        var table = await CoalitionTable.RunAsync(capabilities, order.Select(Enabled), full, run, options, cancellationToken).ConfigureAwait(false);
        var outcomes = Enumerable.Range(0, all + 1).Select(mask => table[Enabled(mask)]).ToArray();

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

        return new AttributionReport(ExactShapley, contributions, table.Runs, table.ExtraModelCalls, table.CacheHitRatio);
    }

    /// <summary>A sentence for the details view: which attribution a contribution comes from, and what it means.</summary>
    public static string Describe(string method) => method switch
    {
        ExactShapley => "exact Shapley value over every coalition of the workflow's capabilities; the values add up to the score",
        SampledShapley => "sampled Shapley value (random orders, ± its standard error); the values add up to the score",
        LeaveOneOut => "leave-one-out: the score minus the score without this capability; every link of a chain gets full credit, so the values need not add up",
        _ => method,
    };

    private static double Round(double value) => Math.Round(value, 6);
}
