namespace FlowLens.Core.Workflows;

/// <summary>Cost of one execution: fresh model calls and tokens (cache hits cost nothing), sandbox runs, cache hits.</summary>
public sealed record ExecutionStats(int ModelCalls, long Tokens, int SandboxRuns, int Steps, int CacheHits);
