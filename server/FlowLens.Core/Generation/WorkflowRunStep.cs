using FlowLens.Core.Context;

namespace FlowLens.Core.Generation;

/// <summary>
/// One executed step as the editor shows it: <paramref name="Label"/> like "draft x3", the prompt the step sent
/// (if any), its output, its cost, and the workspace context the prompt carried with what was cut for the budget.
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
    string? Outcome,
    TaskContext? Context = null);
