namespace FlowLens.Core.Search;

/// <summary>
/// Iterative refinement: <paramref name="Rounds"/> proposals (the first from scratch, each later one after the
/// previous one's validation feedback), sampled at <paramref name="Temperature"/>. With
/// <paramref name="StopWhenPerfect"/>, a workflow that passes every validation test ends the search early.
/// </summary>
public sealed record RefinementOptions(int Rounds = 20, float Temperature = 0.7f, int Seed = 0, bool StopWhenPerfect = true, int MaxFixes = 1)
{
    public static RefinementOptions Default { get; } = new();
}
