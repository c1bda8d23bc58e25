namespace FlowLens.Core.Workflows;

/// <summary>A memoised step: what it produced and the trace of the run that produced it.</summary>
public sealed record CachedStep(StepArtefacts Outputs, StepTrace Trace);
