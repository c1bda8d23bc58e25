using FlowLens.Core.Context;

namespace FlowLens.Core.Workflows;

/// <summary>
/// How to execute: the seed every step derives its own from, budgets, the answer budget of a model step (a
/// capability's own <c>max_tokens</c> takes precedence), and the model's context length (null: unknown), which bounds
/// every answer budget.
/// </summary>
public sealed record ExecutionOptions(int Seed = 0, ExecutionBudget? Budget = null, int MaxOutputTokens = ExecutionOptions.DefaultMaxOutputTokens, int? ContextTokens = null)
{
    /// <summary>Room for a reasoning model to think and then write the code.</summary>
    public const int DefaultMaxOutputTokens = 4096;

    /// <summary>Where the workspace context of a task comes from; none gives prompts an empty <c>{{context}}</c>.</summary>
    public ITaskContextSource? Context { get; init; }

    public static ExecutionOptions Default { get; } = new();

    /// <summary>The answer budget of one step: the capability's, else the run's, never more than the context leaves after the prompt.</summary>
    public int AnswerBudget(int? capabilityBudget, int promptTokens)
    {
        var budget = capabilityBudget ?? MaxOutputTokens;
        return ContextTokens is { } context ? Math.Max(64, Math.Min(budget, context - promptTokens)) : budget;
    }
}
