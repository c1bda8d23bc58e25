using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>
/// A search's answer: the chosen workflow (as a selection the stitcher accepts), its validation reward, what the
/// search cost, every workflow it scored (in order), and for particle methods the last round's weighted particles.
/// </summary>
public sealed record SearchResult(
    string Mode,
    IReadOnlyList<SelectedCapability> Selection,
    double ValidationReward,
    SearchCost Cost,
    IReadOnlyList<ScoredWorkflow> History,
    IReadOnlyList<WeightedWorkflow> FinalParticles)
{
    public string Label => SearchPrompts.Describe(Selection);
}
