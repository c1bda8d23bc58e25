namespace FlowLens.Core.Workflows;

/// <summary>The code a workflow produced (null when it produced none), every candidate it ended with, and its trace.</summary>
public sealed record ExecutionResult(string? FinalBody, IReadOnlyList<string> FinalCandidates, IReadOnlyList<StepTrace> Traces, ExecutionStats Stats);
