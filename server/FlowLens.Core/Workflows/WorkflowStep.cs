using System.Globalization;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Workflows;

/// <summary>
/// One node of a stitched workflow. <paramref name="DependsOn"/> names earlier steps only, so the workflow is
/// acyclic by construction; <paramref name="Inserted"/> marks tool steps the stitcher added for a capability's
/// needs.
/// </summary>
public sealed record WorkflowStep(
    string Id,
    Capability Capability,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyList<string> DependsOn,
    bool Inserted)
{
    public double Parameter(string name) =>
        Parameters.TryGetValue(name, out var v) ? v : Capability.Parameter(name)?.Default ?? 0;

    /// <summary>"draft x3" for a multi-sample draft, else the capability id.</summary>
    public string Label
    {
        get
        {
            var n = Capability.Parameter("n") is not null ? (int)Parameter("n") : 1;
            var rounds = Capability.Parameter("rounds") is not null ? (int)Parameter("rounds") : 1;
            return n > 1 ? string.Create(CultureInfo.InvariantCulture, $"{Capability.Id} x{n}")
                : rounds > 1 ? string.Create(CultureInfo.InvariantCulture, $"{Capability.Id} x{rounds}")
                : Capability.Id;
        }
    }
}
