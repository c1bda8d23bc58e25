namespace FlowLens.Core.Composition;

/// <summary>One capability the composer chose, with its weight and parameters (already inside their ranges).</summary>
public sealed record SelectedCapability(string Id, double Weight, IReadOnlyDictionary<string, double> Parameters);
