namespace FlowLens.Core.Search;

/// <summary>
/// What a search works on: a description of the tasks it tunes for (shown to the meta-agent) and the scorer that
/// runs a workflow on the validation signal only. <see cref="MetaAgentPrompt"/>, when set, is the one-pass meta-agent's
/// prompt filled for these tasks (library, priors, exemplars): every search prompt starts with it, so a search differs
/// from one-pass only in the search.
/// </summary>
public sealed record SearchProblem(string Description, IWorkflowScorer Scorer)
{
    public string? MetaAgentPrompt { get; init; }
}
