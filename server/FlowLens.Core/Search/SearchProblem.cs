namespace FlowLens.Core.Search;

/// <summary>
/// What a search works on: a description of the tasks it tunes for (shown to the meta-agent) and the scorer that
/// runs a workflow on the validation signal only.
/// </summary>
public sealed record SearchProblem(string Description, IWorkflowScorer Scorer);
