namespace FlowLens.Core.Workflows;

/// <summary>What a capability's implementation returns to the executor.</summary>
internal sealed record StepOutcome(StepArtefacts Artefacts, string? Prompt, string? Summary, int ModelCalls, long Tokens, string Outcome, bool PassedThrough = false);
