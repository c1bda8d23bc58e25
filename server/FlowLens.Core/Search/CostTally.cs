namespace FlowLens.Core.Search;

/// <summary>Adds up what scoring workflows cost during one search; thread-safe (rollouts run in parallel).</summary>
public sealed class CostTally
{
    private int _workerCalls;
    private long _workerTokens;
    private int _sandboxRuns;
    private int _scored;

    public int WorkerCalls => Volatile.Read(ref _workerCalls);

    public long WorkerTokens => Interlocked.Read(ref _workerTokens);

    public int SandboxRuns => Volatile.Read(ref _sandboxRuns);

    public int Scored => Volatile.Read(ref _scored);

    public void Add(WorkflowScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        Interlocked.Add(ref _workerCalls, score.ModelCalls);
        Interlocked.Add(ref _workerTokens, score.WorkerTokens);
        Interlocked.Add(ref _sandboxRuns, score.SandboxRuns);
        Interlocked.Increment(ref _scored);
    }

    public SearchCost Cost(MetaAgentProposer proposer, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        return new SearchCost(proposer.Calls, proposer.PromptTokens, proposer.OutputTokens, WorkerCalls, WorkerTokens, SandboxRuns, Scored, wall);
    }
}
