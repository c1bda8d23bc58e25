using FlowLens.Core.Generation;

namespace FlowLens.Core.Attribution;

/// <summary>
/// Contributions plus what computing them cost: re-runs, fresh model calls beyond the full run, and the share of
/// non-skipped steps that were memo-cache hits.
/// </summary>
public sealed record AttributionReport(string Method, IReadOnlyList<CapabilityContribution> Contributions, int Runs, int ExtraModelCalls, double CacheHitRatio);
