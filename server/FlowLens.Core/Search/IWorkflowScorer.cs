using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>Runs a complete workflow (an ordered list of chosen capabilities) and scores it on the validation signal.</summary>
public interface IWorkflowScorer
{
    Task<WorkflowScore> ScoreAsync(IReadOnlyList<SelectedCapability> steps, CancellationToken cancellationToken);
}
