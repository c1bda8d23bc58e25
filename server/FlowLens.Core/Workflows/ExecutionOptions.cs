using FlowLens.Core.Context;

namespace FlowLens.Core.Workflows;

/// <summary>How to execute: the seed every step derives its own from, budgets, and the model's answer length.</summary>
public sealed record ExecutionOptions(int Seed = 0, ExecutionBudget? Budget = null, int MaxOutputTokens = 384)
{
    /// <summary>Where the workspace context of a task comes from; none gives prompts an empty <c>{{context}}</c>.</summary>
    public ITaskContextSource? Context { get; init; }

    public static ExecutionOptions Default { get; } = new();
}
