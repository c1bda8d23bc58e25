using FlowLens.Core.Attribution;
using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Generation;

/// <summary>
/// How the engine runs: execution options, the attribution method ("shapley", "leave-one-out" or "off"), the
/// Shapley sample budget and up to how many capabilities Shapley values are exact, reward weights, and whether
/// attribution updates the priors and the replay buffer.
/// </summary>
public sealed record WorkflowEngineOptions
{
    public ExecutionOptions Execution { get; init; } = ExecutionOptions.Default;

    public string AttributionMode { get; init; } = "shapley";

    public int ShapleyPermutations { get; init; } = 8;

    /// <summary>Up to this many capabilities, Shapley values are exact (2^k coalitions); above it they are sampled.</summary>
    public int ExactShapleyLimit { get; init; } = 6;

    /// <summary>
    /// Attribution's coalitions run at most this many at once; they share the memo, so a step several of them need is
    /// computed once. Their model requests still pass the backend's request gate.
    /// </summary>
    public int AttributionConcurrency { get; init; } = CoalitionRunOptions.DefaultMaxConcurrent;

    public RewardWeights Reward { get; init; } = RewardWeights.Default;

    public LearningMode Learning { get; init; } = LearningMode.UpdatePriors;

    /// <summary>
    /// When set, the second stage also runs the rest of the test projects' tests once on the final candidate
    /// (<see cref="WorkflowRun.OtherTests"/>), beside attribution; the workflow itself only ever sees the selected tests.
    /// </summary>
    public bool RunOtherTests { get; init; }

    /// <summary>
    /// When set, every run samples a fresh execution seed (so "Generate" again is a fresh attempt rather than a step
    /// cache replay) and records it in the run; otherwise every run uses <see cref="ExecutionOptions.Seed"/>.
    /// </summary>
    public bool SampleSeedPerRun { get; init; }
}
