using FlowLens.Core.Context;

namespace FlowLens.Core.Workflows;

/// <summary>
/// What one step did: the prompt it sent (the first, if several), a readable summary of its output, its cost, and
/// whether it came from the memo cache or was skipped (disabled for attribution, budget spent, inputs missing), and
/// the workspace context its prompt carried (null when its prompt has no <c>{{context}}</c>).
/// </summary>
public sealed record StepTrace(
    string StepId,
    string CapabilityId,
    string Label,
    string? Prompt,
    string? Output,
    double Milliseconds,
    int ModelCalls,
    long Tokens,
    int SandboxRuns,
    bool CacheHit,
    bool Skipped,
    string Outcome,
    TaskContext? Context = null);
