using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Workflows;

/// <summary>The typed artefacts a step produced (null: not produced). Immutable, so steps can share them freely.</summary>
public sealed record StepArtefacts(
    string? Plan = null,
    IReadOnlyList<TaskExample>? Checks = null,
    IReadOnlyList<CandidateEdit>? Candidates = null,
    IReadOnlyList<EvaluationReport>? Results = null,
    string? Review = null)
{
    public static StepArtefacts Empty { get; } = new();
}
