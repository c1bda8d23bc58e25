namespace FlowLens.Core.Search;

/// <summary>
/// BayesFlow: <paramref name="Particles"/> (N) partial workflows, <paramref name="LookAhead"/> (K) completions per
/// prefix, <paramref name="Refinements"/> (M) edited complete workflows per round, <paramref name="Rounds"/> (T).
/// Edits start from one of the <paramref name="TopC"/> best workflows, drawn by a softmax over rewards at
/// <paramref name="ParentTemperature"/>. Importance weights are the mean of exp(<paramref name="RewardScale"/> x R).
/// </summary>
public sealed record BayesFlowOptions(
    int Particles = 10,
    int LookAhead = 1,
    int Refinements = 10,
    int Rounds = 5,
    int TopC = 3,
    double ParentTemperature = 0.1,
    double RewardScale = 1.0,
    float Temperature = 0.8f,
    int Seed = 0,
    int MaxFixes = 1)
{
    public static BayesFlowOptions Default { get; } = new();
}
