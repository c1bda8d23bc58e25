namespace FlowLens.Core.Workflows;

/// <summary>Limits for one execution. When one is reached, remaining model steps are skipped (recorded in the trace).</summary>
public sealed record ExecutionBudget(int MaxModelCalls = 64, long MaxTokens = 400_000, TimeSpan? MaxDuration = null)
{
    public static ExecutionBudget Default { get; } = new();
}
