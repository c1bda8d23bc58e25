using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>A particle (a partial or complete workflow) with its normalised importance weight.</summary>
public sealed record WeightedWorkflow(IReadOnlyList<SelectedCapability> Steps, double Weight)
{
    public string Label => SearchPrompts.Describe(Steps);
}
