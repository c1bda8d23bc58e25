namespace FlowLens.Core.Learning;

/// <summary>Weights of the multi-purpose reward's terms; configurable per workspace or benchmark.</summary>
public sealed record RewardWeights(double PassRate = 1.0, double Complexity = 0.1, double Cost = 0.1, double Diversity = 0.05)
{
    public static RewardWeights Default { get; } = new();
}
