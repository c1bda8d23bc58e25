using System.Globalization;

namespace FlowLens.Core.Workflows;

/// <summary>A stitched workflow: steps in a topological order, each depending only on earlier ones.</summary>
public sealed record Workflow(IReadOnlyList<WorkflowStep> Steps, IReadOnlyList<string> Notes)
{
    public string Label => string.Join(" -> ", Steps.Select(s => s.Label));

    /// <summary>The workflow with its parameters: <c>draft(n=3, temperature=0.7) -&gt; run-tests -&gt; repair(rounds=1)</c>.</summary>
    public string Description => string.Join(" -> ", Steps.Select(s => s.Parameters.Count == 0
        ? s.Capability.Id
        : s.Capability.Id + "(" + string.Join(", ", s.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.##}"))) + ")"));

    /// <summary>The distinct capabilities that appear in the workflow, in order.</summary>
    public IReadOnlyList<string> CapabilityIds => Steps.Select(s => s.Capability.Id).Distinct().ToList();
}
