using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Generation;

/// <summary>
/// How the engine runs: execution options, the attribution method ("leave-one-out", "shapley" or "off"), the
/// Shapley sample budget, reward weights, and whether attribution updates the priors and the replay buffer.
/// </summary>
public sealed record WorkflowEngineOptions
{
    public ExecutionOptions Execution { get; init; } = ExecutionOptions.Default;

    public string AttributionMode { get; init; } = "leave-one-out";

    public int ShapleyPermutations { get; init; } = 8;

    public RewardWeights Reward { get; init; } = RewardWeights.Default;

    public LearningMode Learning { get; init; } = LearningMode.UpdatePriors;
}
