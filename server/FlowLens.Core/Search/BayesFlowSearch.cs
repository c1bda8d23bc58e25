using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Search;

/// <summary>
/// BayesFlow: sequential Monte Carlo over workflows. A workflow is a sequence of steps (chosen capabilities with
/// parameters; the stitcher wires them by type). N partial workflows ("particles") start empty; each round
/// <list type="number">
/// <item>extends every prefix by one step sampled from the meta-agent (the proposal);</item>
/// <item>scores each new prefix by K look-ahead completions, also sampled from the meta-agent and run in parallel:
/// the importance weight is the mean of exp(R) over the completions, R the validation pass rate;</item>
/// <item>optionally adds M refined complete workflows: a parent drawn from the top C of the global pool by a softmax
/// over rewards (temperature 0.1), edited once by the meta-agent, weighted by exp(R);</item>
/// <item>normalises the weights and resamples N prefixes (systematic resampling).</item>
/// </list>
/// Every completed workflow enters the global pool; after T rounds the pool's best is returned. With M = 0 the
/// weighted particles approximate the target q(w) exp(R(w)), q the meta-agent's proposal. A workflow that fails to
/// run is sent back with its error (<see cref="SelfCorrection"/>).
/// </summary>
public sealed class BayesFlowSearch : IWorkflowSearch
{
    private readonly IChatClient _model;
    private readonly CapabilityLibrary _library;
    private readonly ComposerOptions _composer;
    private readonly BayesFlowOptions _options;
    private readonly TimeProvider _time;

    public BayesFlowSearch(IChatClient model, CapabilityLibrary library, ComposerOptions composer, BayesFlowOptions options, TimeProvider time)
    {
        _model = model;
        _library = library;
        _composer = composer;
        _options = options;
        _time = time;
    }

    public string Name => "bayesflow";

    public async Task<SearchResult> SearchAsync(SearchProblem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var start = _time.GetTimestamp();
        var proposer = new MetaAgentProposer(_model, _library, _composer);
        var tally = new CostTally();
        var pool = new List<ScoredWorkflow>();
        var random = new Random(_options.Seed);
        var n = Math.Max(1, _options.Particles);
        var k = Math.Max(1, _options.LookAhead);
        IReadOnlyList<IReadOnlyList<SelectedCapability>> particles = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<SelectedCapability>)[]).ToList();
        IReadOnlyList<WeightedWorkflow> weighted = [];

        for (var round = 0; round < Math.Max(1, _options.Rounds); round++)
        {
            var t = round;

            // 1. Extend every prefix by one step from the meta-agent.
            var extended = await Task.WhenAll(particles.Select((p, i) => ExtendAsync(proposer, problem, p, SeedMix.Of(_options.Seed, t, i, 1), cancellationToken))).ConfigureAwait(false);

            // 2. K look-ahead completions per new prefix, all in parallel.
            var rollouts = await Task.WhenAll(extended.SelectMany((p, i) => Enumerable.Range(0, k).Select(j => RolloutAsync(proposer, problem, p, SeedMix.Of(_options.Seed, t, i, 100 + j), tally, cancellationToken)))).ConfigureAwait(false);
            var candidates = new List<(IReadOnlyList<SelectedCapability> Steps, double Weight)>();
            for (var i = 0; i < extended.Length; i++)
            {
                var completions = rollouts.Skip(i * k).Take(k).ToList();
                candidates.Add((extended[i], completions.Average(c => Math.Exp(_options.RewardScale * c.Score.Reward))));
            }

            pool.AddRange(rollouts);

            // 3. M refined complete workflows, parents drawn from the top C of the pool.
            if (_options.Refinements > 0 && pool.Count > 0)
            {
                var parents = Enumerable.Range(0, _options.Refinements).Select(_ => DrawParent(pool, random)).ToList();
                var refined = await Task.WhenAll(parents.Select((parent, m) => RefineAsync(proposer, problem, parent, SeedMix.Of(_options.Seed, t, m, 2), tally, cancellationToken))).ConfigureAwait(false);
                pool.AddRange(refined);
                candidates.AddRange(refined.Select(r => (r.Steps, Math.Exp(_options.RewardScale * r.Score.Reward))));
            }

            // 4. Normalise and resample N prefixes.
            var total = candidates.Sum(c => c.Weight);
            weighted = candidates.Select(c => new WeightedWorkflow(c.Steps, total > 0 ? c.Weight / total : 1.0 / candidates.Count)).ToList();
            particles = Resample(weighted, n, random);
        }

        var best = pool.Count == 0 ? null : pool.Aggregate((a, b) => b.Score.Reward > a.Score.Reward ? b : a);
        var selection = best?.Steps ?? [];
        return new SearchResult(Name, selection, best?.Score.Reward ?? 0, tally.Cost(proposer, _time.GetElapsedTime(start)), pool, weighted);
    }

    private async Task<IReadOnlyList<SelectedCapability>> ExtendAsync(MetaAgentProposer proposer, SearchProblem problem, IReadOnlyList<SelectedCapability> prefix, int seed, CancellationToken cancellationToken)
    {
        var proposal = await proposer.ProposeAsync(SearchPrompts.NextStep(_library, problem, _composer.Threshold, prefix), ProposalPurpose.NextStep, seed, _options.Temperature, cancellationToken).ConfigureAwait(false);
        var used = prefix.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

        // The next step: the highest-weight capability not already in the prefix (selected ones carry parameters).
        var next = proposal.Selected.Where(s => !used.Contains(s.Id)).OrderByDescending(s => s.Weight).FirstOrDefault();
        if (next is null)
        {
            var (id, weight) = proposal.Weights.Where(w => !used.Contains(w.Key) && w.Value > 0).OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).FirstOrDefault();
            if (id is not null && _library.TryGet(id, out var capability))
            {
                next = new SelectedCapability(id, weight, capability.Parameters.ToDictionary(p => p.Name, p => p.Default));
            }
        }

        return next is null ? prefix : [.. prefix, next];
    }

    private async Task<ScoredWorkflow> RolloutAsync(MetaAgentProposer proposer, SearchProblem problem, IReadOnlyList<SelectedCapability> prefix, int seed, CostTally tally, CancellationToken cancellationToken)
    {
        var proposal = await proposer.ProposeAsync(SearchPrompts.Complete(_library, problem, _composer.Threshold, prefix), ProposalPurpose.Complete, seed, _options.Temperature, cancellationToken).ConfigureAwait(false);
        var used = prefix.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<SelectedCapability> complete = [.. prefix, .. proposal.Selected.Where(s => used.Add(s.Id))];
        return await SelfCorrection.ScoreAsync(proposer, problem, complete, Correction(seed), tally, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScoredWorkflow> RefineAsync(MetaAgentProposer proposer, SearchProblem problem, ScoredWorkflow parent, int seed, CostTally tally, CancellationToken cancellationToken)
    {
        var proposal = await proposer.ProposeAsync(SearchPrompts.Edit(_library, problem, _composer.Threshold, parent), ProposalPurpose.Edit, seed, _options.Temperature, cancellationToken).ConfigureAwait(false);
        var edited = proposal.Selected.Count > 0 ? proposal.Selected : parent.Steps; // an unreadable edit leaves the parent as it was
        return await SelfCorrection.ScoreAsync(proposer, problem, edited, Correction(seed), tally, cancellationToken).ConfigureAwait(false);
    }

    private SelfCorrectionOptions Correction(int seed) => new(_options.MaxFixes, _composer.Threshold, _composer.Temperature, seed);

    /// <summary>One of the top C workflows of the pool, drawn by a softmax over rewards at the parent temperature.</summary>
    private ScoredWorkflow DrawParent(List<ScoredWorkflow> pool, Random random)
    {
        var top = pool
            .GroupBy(p => SearchPrompts.Key(p.Steps), StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderByDescending(p => p.Score.Reward)
            .Take(Math.Max(1, _options.TopC))
            .ToList();
        var max = top.Max(p => p.Score.Reward);
        var weights = top.Select(p => Math.Exp((p.Score.Reward - max) / Math.Max(1e-6, _options.ParentTemperature))).ToList();
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < top.Count; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return top[i];
            }
        }

        return top[^1];
    }

    /// <summary>Systematic resampling: N draws with one uniform offset, lower variance than N independent draws.</summary>
    public static IReadOnlyList<IReadOnlyList<SelectedCapability>> Resample(IReadOnlyList<WeightedWorkflow> weighted, int n, Random random)
    {
        var result = new List<IReadOnlyList<SelectedCapability>>(n);
        var offset = random.NextDouble() / n;
        var cumulative = 0.0;
        var index = 0;
        for (var i = 0; i < n; i++)
        {
            var u = offset + ((double)i / n);
            while (index < weighted.Count - 1 && cumulative + weighted[index].Weight < u)
            {
                cumulative += weighted[index].Weight;
                index++;
            }

            result.Add(weighted[index].Steps);
        }

        return result;
    }
}
