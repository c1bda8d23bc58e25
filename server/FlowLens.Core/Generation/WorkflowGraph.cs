using System.Globalization;
using System.Text;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Generation;

/// <summary>
/// Renders a workflow as Mermaid flowchart text, each node coloured by its capability's contribution (green
/// helped, grey no effect, red hurt), for the editor's graph view.
/// </summary>
public static class WorkflowGraph
{
    public static string ToMermaid(Workflow workflow, IReadOnlyList<CapabilityContribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(contributions);
        var text = new StringBuilder("flowchart LR\n");
        text.Append("  task([task])\n");
        foreach (var step in workflow.Steps)
        {
            var contribution = contributions.FirstOrDefault(c => c.CapabilityId == step.Capability.Id);
            var label = contribution is null ? step.Label : string.Create(CultureInfo.InvariantCulture, $"{step.Label}<br/>{contribution.Delta:+0.00;-0.00;+0.00}");
            text.Append(CultureInfo.InvariantCulture, $"  {NodeId(step.Id)}[\"{label}\"]\n");
        }

        foreach (var step in workflow.Steps)
        {
            var sources = step.DependsOn.Count == 0 ? ["task"] : step.DependsOn.Select(NodeId);
            foreach (var source in sources)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {source} --> {NodeId(step.Id)}\n");
            }
        }

        foreach (var step in workflow.Steps)
        {
            if (contributions.FirstOrDefault(c => c.CapabilityId == step.Capability.Id) is { } c)
            {
                text.Append(CultureInfo.InvariantCulture, $"  style {NodeId(step.Id)} fill:{Colour(c.Delta)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Mermaid ids must be plain identifiers.</summary>
    public static string NodeId(string stepId) => stepId.Replace('-', '_');

    private static string Colour(double delta) => delta switch
    {
        > 0.3 => "#2e7d32",
        > 1e-9 => "#81c784",
        < -1e-9 => "#e57373",
        _ => "#bdbdbd",
    };
}
