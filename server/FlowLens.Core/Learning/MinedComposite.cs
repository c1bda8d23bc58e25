namespace FlowLens.Core.Learning;

/// <summary>A sub-workflow that recurs in successful workflows: its parts, how many successes contain it, and their share.</summary>
public sealed record MinedComposite(IReadOnlyList<string> Parts, int Support, double Share)
{
    /// <summary>The parts as the capability file lists them, with the parameters they ran with (else the bare ids).</summary>
    public IReadOnlyList<string> PartTexts { get; init; } = [];

    public string Id => "composite-" + string.Join("-", Parts);

    /// <summary>The capability file proposing it, for review before it joins the library.</summary>
    public string ToCapabilityFile() => $"""
        ---
        id: {Id}
        kind: composite
        parts: {string.Join(", ", PartTexts.Count == Parts.Count ? PartTexts : Parts)}
        description: Mined sub-workflow {string.Join(" -> ", Parts)}, found in {Support} successful workflows ({Share:P0}).
        prior: {Math.Round(Math.Min(0.9, Share), 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}
        ---

        """;
}
