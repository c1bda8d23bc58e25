namespace FlowLens.Core.Workflows;

/// <summary>Counts fresh model calls and tokens against an <see cref="ExecutionBudget"/>; thread-safe.</summary>
internal sealed class BudgetMeter
{
    private readonly ExecutionBudget _budget;
    private readonly TimeProvider _time;
    private readonly long _start;
    private int _calls;
    private long _tokens;

    public BudgetMeter(ExecutionBudget budget, TimeProvider time)
    {
        _budget = budget;
        _time = time;
        _start = time.GetTimestamp();
    }

    public int Calls => Volatile.Read(ref _calls);

    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Why no further model call may be made, or null when the budget allows one.</summary>
    public string? Exhausted()
    {
        if (Calls >= _budget.MaxModelCalls)
        {
            return $"budget: {_budget.MaxModelCalls} model calls used";
        }

        if (Tokens >= _budget.MaxTokens)
        {
            return $"budget: {_budget.MaxTokens} tokens used";
        }

        return _budget.MaxDuration is { } max && _time.GetElapsedTime(_start) >= max ? $"budget: {max.TotalSeconds:0} s elapsed" : null;
    }

    public void Record(long tokens)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _tokens, tokens);
    }
}
