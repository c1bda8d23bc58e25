using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>A complete workflow and its validation score.</summary>
public sealed record ScoredWorkflow(IReadOnlyList<SelectedCapability> Steps, WorkflowScore Score)
{
    public string Label => SearchPrompts.Describe(Steps);
}
