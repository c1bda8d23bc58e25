using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Generation;

/// <summary>
/// score(full) - score(without this capability). <paramref name="ReportWithout"/> is the evaluation of the
/// workflow with this capability removed; <paramref name="Uncertainty"/> is set for sampled estimates.
/// </summary>
public sealed record CapabilityContribution(
    string CapabilityId,
    double Delta,
    double ScoreWith,
    double ScoreWithout,
    EvaluationReport? ReportWithout,
    double? Uncertainty = null)
{
    /// <summary>"repair +0.40", or "vote +0.00 (no effect)".</summary>
    public string Label => Math.Abs(Delta) < 1e-9
        ? $"{CapabilityId} +0.00 (no effect)"
        : $"{CapabilityId} {(Delta > 0 ? "+" : "-")}{Math.Abs(Delta):0.00}";
}
