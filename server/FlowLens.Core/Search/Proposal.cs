using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>
/// One meta-agent answer in the selection schema: the capabilities at or above the threshold (in answer order),
/// every capability's weight, and why it was rejected when it could not be read (then <see cref="Selected"/> is empty).
/// </summary>
public sealed record Proposal(IReadOnlyList<SelectedCapability> Selected, IReadOnlyDictionary<string, double> Weights, string? Rejected);
