using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>
/// Scores a workflow; when it fails to RUN (an error, not failing tests), re-prompts the meta-agent with the error
/// ("fix the root cause, do not catch it") and scores the corrected workflow, up to a number of attempts.
/// </summary>
public static class SelfCorrection
{
    public static async Task<ScoredWorkflow> ScoreAsync(
        MetaAgentProposer proposer,
        SearchProblem problem,
        IReadOnlyList<SelectedCapability> steps,
        SelfCorrectionOptions options,
        CostTally tally,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tally);
        var score = await problem.Scorer.ScoreAsync(steps, cancellationToken).ConfigureAwait(false);
        tally.Add(score);
        var scored = new ScoredWorkflow(steps, score);
        for (var attempt = 0; attempt < options.MaxFixes && scored.Score.Error is { } error; attempt++)
        {
            var prompt = SearchPrompts.Fix(proposer.Library, problem, options.Threshold, scored.Steps, error);
            var fix = await proposer.ProposeAsync(prompt, ProposalPurpose.Fix, SeedMix.Of(options.Seed, attempt, 7919), options.Temperature, cancellationToken).ConfigureAwait(false);
            if (fix.Selected.Count == 0)
            {
                break;
            }

            var fixedScore = await problem.Scorer.ScoreAsync(fix.Selected, cancellationToken).ConfigureAwait(false);
            tally.Add(fixedScore);
            scored = new ScoredWorkflow(fix.Selected, fixedScore);
        }

        return scored;
    }
}
