using FlowLens.Core.Learning;

namespace FlowLens.Core.Generation;

/// <summary>
/// What a run cost and how it scored beyond the pass rate: composition, execution, attribution, reward.
/// <paramref name="ResultMilliseconds"/> is the time from the start to the verified result (stage 1), before attribution.
/// </summary>
/// <param name="CompositionFallback">Why the model's selection was replaced by the prior-only one, in words; null when it was not.</param>
public sealed record RunMetrics(
    string Composer,
    long CompositionPromptTokens,
    long CompositionOutputTokens,
    double CompositionMilliseconds,
    IReadOnlyList<string> CompositionRepairs,
    IReadOnlyList<string> StitchNotes,
    int ModelCalls,
    long Tokens,
    int SandboxRuns,
    double ExecutionMilliseconds,
    string AttributionMethod,
    int AttributionRuns,
    int AttributionExtraModelCalls,
    double AttributionCacheHitRatio,
    double AttributionMilliseconds,
    RewardBreakdown Reward,
    IReadOnlyDictionary<string, double> Weights,
    string? CompositionFallback = null,
    double ResultMilliseconds = 0);
