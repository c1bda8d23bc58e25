namespace FlowLens.Core.Workflows;

/// <summary>A stitched workflow: steps in a topological order, each depending only on earlier ones.</summary>
public sealed record Workflow(IReadOnlyList<WorkflowStep> Steps, IReadOnlyList<string> Notes)
{
    public string Label => string.Join(" -> ", Steps.Select(s => s.Label));

    /// <summary>The distinct capabilities that appear in the workflow, in order.</summary>
    public IReadOnlyList<string> CapabilityIds => Steps.Select(s => s.Capability.Id).Distinct().ToList();
}
