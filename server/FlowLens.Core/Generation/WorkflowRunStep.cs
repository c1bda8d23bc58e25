namespace FlowLens.Core.Generation;

/// <summary>
/// One executed step as the editor shows it: <paramref name="Label"/> like "draft x3", the prompt the step sent
/// (if any), its output, and its cost.
/// </summary>
public sealed record WorkflowRunStep(
    string StepId,
    string CapabilityId,
    string Label,
    string? Prompt,
    string? Output,
    double Milliseconds,
    int ModelCalls,
    long Tokens,
    bool CacheHit,
    string? Outcome);
