using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Workflows;

/// <summary>
/// The candidate a workflow produced (null when it produced none): the one with the best test results seen anywhere
/// in the run; every candidate its last step ended with; and its trace.
/// </summary>
public sealed record ExecutionResult(CandidateEdit? Final, IReadOnlyList<CandidateEdit> FinalCandidates, IReadOnlyList<StepTrace> Traces, ExecutionStats Stats)
{
    /// <summary>The final candidate's method body.</summary>
    public string? FinalBody => Final?.Body;
}
