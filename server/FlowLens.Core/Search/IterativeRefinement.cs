using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Search;

/// <summary>
/// The AFlow/FlowReasoner-style baseline: the meta-agent proposes a complete workflow (the one-pass selection
/// schema), it runs on the validation signal, the feedback (pass rates, failing tests, errors) goes back to the
/// meta-agent, which proposes a revised workflow; after the rounds the best workflow seen is returned (the first
/// of equals, so a later tie never displaces it).
/// </summary>
public sealed class IterativeRefinement : IWorkflowSearch
{
    private readonly IChatClient _model;
    private readonly CapabilityLibrary _library;
    private readonly ComposerOptions _composer;
    private readonly RefinementOptions _options;
    private readonly TimeProvider _time;

    public IterativeRefinement(IChatClient model, CapabilityLibrary library, ComposerOptions composer, RefinementOptions options, TimeProvider time)
    {
        _model = model;
        _library = library;
        _composer = composer;
        _options = options;
        _time = time;
    }

    public string Name => "refine";

    public async Task<SearchResult> SearchAsync(SearchProblem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var start = _time.GetTimestamp();
        var proposer = new MetaAgentProposer(_model, _library, _composer);
        var tally = new CostTally();
        var history = new List<ScoredWorkflow>();
        ScoredWorkflow? best = null;
        var prompt = SearchPrompts.Initial(_library, problem, _composer.Threshold);
        var purpose = ProposalPurpose.Initial;
        for (var round = 0; round < Math.Max(1, _options.Rounds); round++)
        {
            var proposal = await proposer.ProposeAsync(prompt, purpose, SeedMix.Of(_options.Seed, round), _options.Temperature, cancellationToken).ConfigureAwait(false);
            var correction = new SelfCorrectionOptions(_options.MaxFixes, _composer.Threshold, _composer.Temperature, SeedMix.Of(_options.Seed, round, 1));
            var scored = await SelfCorrection.ScoreAsync(proposer, problem, proposal.Selected, correction, tally, cancellationToken).ConfigureAwait(false);
            if (proposal.Rejected is { } why)
            {
                scored = scored with { Score = scored.Score with { Feedback = $"the proposal was unreadable ({why}); an empty selection ran instead\n{scored.Score.Feedback}" } };
            }

            history.Add(scored);
            if (best is null || scored.Score.Reward > best.Score.Reward)
            {
                best = scored;
            }

            if (_options.StopWhenPerfect && (best.Score.PassRate ?? best.Score.Reward) >= 1)
            {
                break;
            }

            prompt = SearchPrompts.Revise(_library, problem, _composer.Threshold, history, best);
            purpose = ProposalPurpose.Revise;
        }

        return new SearchResult(Name, best!.Steps, best.Score.Reward, tally.Cost(proposer, _time.GetElapsedTime(start)), history, []);
    }
}
