namespace FlowLens.Core.Search;

/// <summary>
/// What a search cost: meta-agent calls and tokens, worker calls and tokens spent running candidate workflows,
/// sandbox runs, workflows scored, and wall time.
/// </summary>
public sealed record SearchCost(
    int MetaAgentCalls,
    long MetaAgentPromptTokens,
    long MetaAgentOutputTokens,
    int WorkerCalls,
    long WorkerTokens,
    int SandboxRuns,
    int WorkflowsScored,
    TimeSpan Wall)
{
    public long MetaAgentTokens => MetaAgentPromptTokens + MetaAgentOutputTokens;
}
